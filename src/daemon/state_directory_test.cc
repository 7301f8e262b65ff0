#include "daemon/state_directory.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/test_database.h"

namespace ds01::daemon {
namespace {

using ::testing::HasSubstr;

mode_t ModeOf(const std::filesystem::path& path) {
  struct stat info {};
  EXPECT_EQ(stat(path.c_str(), &info), 0);
  return info.st_mode & 07777;
}

TEST(StateDirectory, AMissingOneIsMadeForRootAlone) {
  store::TestDatabase dir;
  const auto state = dir.dir() / "state";
  ASSERT_TRUE(MakeStateDirectory(state).ok());
  EXPECT_EQ(ModeOf(state), 0700u);
  EXPECT_TRUE(MakeStateDirectory(state).ok()) << "an existing good one is taken as it is";
}

TEST(StateDirectory, OneThatOthersCanReadIsRefusedAndLeftAsItWas) {
  store::TestDatabase dir;
  const auto state = dir.dir() / "state";
  ASSERT_EQ(mkdir(state.c_str(), 0755), 0);
  ASSERT_EQ(chmod(state.c_str(), 0755), 0);
  Status made = MakeStateDirectory(state);
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.error().code, ErrorCode::kPermissionDenied);
  EXPECT_THAT(made.error().message, HasSubstr("mode 0755"));
  EXPECT_EQ(made.error().hint,
            "chown root:root " + state.string() + " && chmod 700 " + state.string());
  EXPECT_EQ(ModeOf(state), 0755u);
}

TEST(StateDirectory, OneOwnedByAnotherUserOrASymlinkIsRefused) {
  store::TestDatabase dir;
  const auto state = dir.dir() / "state";
  ASSERT_EQ(mkdir(state.c_str(), 0700), 0);
  ASSERT_EQ(chown(state.c_str(), 4242, 4242), 0);
  EXPECT_THAT(MakeStateDirectory(state).error().message, HasSubstr("owner uid 4242"));
  const auto link = dir.dir() / "link";
  ASSERT_EQ(symlink("/", link.c_str()), 0);
  EXPECT_THAT(MakeStateDirectory(link).error().message, HasSubstr("not a directory"));
}

}  // namespace
}  // namespace ds01::daemon
