#include "docker/file_archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <vector>

namespace ds01::docker {
namespace {

TEST(FileArchive, AFileWrittenIsTheFileRead) {
  const std::string tar = TarOf({{"passwd", "root:x:0:0::/root:/bin/sh\n", 0644, 0, 0, false}});
  auto content = SoleFileOf(tar, 1024);
  ASSERT_TRUE(content.ok()) << content.error().ToString();
  EXPECT_EQ(*content, "root:x:0:0::/root:/bin/sh\n");
}

TEST(FileArchive, ATarWithoutAFileFirstIsRefused) {
  const std::string tar = TarOf({{"home/alice", "", 0755, 1000, 1000, true}});
  EXPECT_EQ(SoleFileOf(tar, 1024).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(SoleFileOf("not a tar at all", 1024).error().code, ErrorCode::kInvalidArgument);
}

TEST(FileArchive, AFileOverTheCapIsRefused) {
  const std::string tar = TarOf({{"big", std::string(2048, 'x'), 0644, 0, 0, false}});
  EXPECT_EQ(SoleFileOf(tar, 1024).error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(SoleFileOf(tar, 2048).ok());
}

TEST(FileArchive, FileInFindsTheNamedFileAmongOthers) {
  const std::string tar = TarOf({{"src", "", 0755, 0, 0, true},
                                 {"src/app.py", "print(1)\n", 0644, 0, 0, false},
                                 {"Dockerfile", "FROM base\n", 0644, 0, 0, false}});
  auto dockerfile = FileIn(tar, "Dockerfile", 1024);
  ASSERT_TRUE(dockerfile.ok()) << dockerfile.error().ToString();
  EXPECT_EQ(*dockerfile, "FROM base\n");
  EXPECT_EQ(FileIn(tar, "src", 1024).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(FileIn(tar, "missing", 1024).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(FileIn(tar, "src/app.py", 4).error().code, ErrorCode::kInvalidArgument);
}

// What libarchive reads back from `tar`: each entry as path, type, mode, owner.
std::vector<std::string> Listing(const std::string& tar) {
  std::vector<std::string> listing;
  struct archive* reader = archive_read_new();
  archive_read_support_format_tar(reader);
  archive_read_open_memory(reader, tar.data(), tar.size());
  struct archive_entry* entry = nullptr;
  while (archive_read_next_header(reader, &entry) == ARCHIVE_OK) {
    listing.push_back(std::string(archive_entry_pathname(entry)) +
                      (archive_entry_filetype(entry) == AE_IFDIR ? " dir " : " file ") +
                      std::to_string(archive_entry_perm(entry)) + " " +
                      std::to_string(archive_entry_uid(entry)) + ":" +
                      std::to_string(archive_entry_gid(entry)));
  }
  archive_read_free(reader);
  return listing;
}

TEST(FileArchive, EntriesKeepTheirOrderOwnersAndModes) {
  const std::string tar =
      TarOf({{"home/alice", "", 0700, 1000, 1001, true}, {"etc/group", "g\n", 0600, 0, 0, false}});
  EXPECT_EQ(Listing(tar),
            (std::vector<std::string>{"home/alice/ dir 448 1000:1001", "etc/group file 384 0:0"}));
}

}  // namespace
}  // namespace ds01::docker
