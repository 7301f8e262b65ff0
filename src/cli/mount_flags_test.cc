#include "cli/mount_flags.h"

#include <gtest/gtest.h>

namespace ds01::cli {
namespace {

const PathBase kBase{"/home/alice/workspace/thesis", "/home/alice"};

TEST(MountFlags, AVolumeIsAHostPathFromTheHomeOrTheWorkingDirectory) {
  EXPECT_EQ(*ParseVolumeFlag("/srv/data:/data:ro", kBase), (api::Bind{"/srv/data", "/data", true}));
  EXPECT_EQ(*ParseVolumeFlag("~/workspace/data:/data", kBase),
            (api::Bind{"/home/alice/workspace/data", "/data", false}));
  EXPECT_EQ(*ParseVolumeFlag("./runs/../out:/out:rw", kBase),
            (api::Bind{"/home/alice/workspace/thesis/out", "/out", false}));
  EXPECT_EQ(ParseVolumeFlag(".:/code", kBase)->source, "/home/alice/workspace/thesis");
}

TEST(MountFlags, ANamedVolumeIsRefusedWithTheBindThatReplacesIt) {
  auto named = ParseVolumeFlag("cache:/cache", kBase);
  ASSERT_FALSE(named.ok());
  EXPECT_NE(named.error().message.find("named volume"), std::string::npos);
  EXPECT_NE(named.error().hint.find("-v ~/workspace/cache:/data"), std::string::npos);
  EXPECT_FALSE(ParseMountFlag("type=volume,source=cache,target=/cache", kBase).ok());
  EXPECT_FALSE(ParseMountFlag("source=cache,target=/cache", kBase).ok());
}

TEST(MountFlags, MalformedVolumesAreRefused) {
  for (std::string_view bad : {"/data", "/a:", "/a:/b:rx", "/a:/b:ro:x", ":/b"}) {
    EXPECT_FALSE(ParseVolumeFlag(bad, kBase).ok()) << bad;
  }
}

TEST(MountFlags, MountReadsDockersFieldsForBindsAndTmpfs) {
  auto bind = ParseMountFlag("type=bind,src=~/data,dst=/data,readonly", kBase);
  ASSERT_TRUE(bind.ok());
  EXPECT_EQ(std::get<api::Bind>(*bind), (api::Bind{"/home/alice/data", "/data", true}));
  auto writable = ParseMountFlag("type=bind,source=/srv/x,target=/x,readonly=false", kBase);
  EXPECT_FALSE(std::get<api::Bind>(*writable).read_only);
  auto tmpfs =
      ParseMountFlag("type=tmpfs,destination=/scratch,tmpfs-size=1g,tmpfs-mode=1777", kBase);
  ASSERT_TRUE(tmpfs.ok());
  EXPECT_EQ(std::get<api::Tmpfs>(*tmpfs), (api::Tmpfs{"/scratch", "1g", 01777}));
  for (std::string_view bad :
       {"type=bind,source=/a", "type=bind,source=a,target=/b", "type=npipe,target=/b",
        "type=bind,source=/a,target=/b,z=1", "type=tmpfs,target=/t,tmpfs-mode=9"}) {
    EXPECT_FALSE(ParseMountFlag(bad, kBase).ok()) << bad;
  }
}

TEST(MountFlags, TmpfsTakesSizeAndMode) {
  EXPECT_EQ(*ParseTmpfsFlag("/scratch"), (api::Tmpfs{"/scratch", std::nullopt, std::nullopt}));
  EXPECT_EQ(*ParseTmpfsFlag("/scratch:size=64m,mode=700"), (api::Tmpfs{"/scratch", "64m", 0700}));
  EXPECT_FALSE(ParseTmpfsFlag("/scratch:noexec").ok());
  EXPECT_FALSE(ParseTmpfsFlag(":size=1g").ok());
}

}  // namespace
}  // namespace ds01::cli
