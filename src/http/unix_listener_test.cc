#include "http/unix_listener.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <fstream>

#include "http/socket.h"

namespace ds01::http {
namespace {

class UnixListenerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/ds01-listener-test-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
    path_ = dir_ + "/ds01.sock";
  }
  void TearDown() override {
    unlink(path_.c_str());
    unlink((dir_ + "/kept").c_str());
    rmdir(dir_.c_str());
  }

  bool Connects() {
    Endpoint endpoint{Endpoint::Kind::kUnix, path_, "", 0};
    return Socket::Connect(endpoint, std::chrono::milliseconds(500)).ok();
  }

  std::string dir_;
  std::string path_;
};

TEST_F(UnixListenerTest, ListensWithTheRequestedMode) {
  auto listener = UnixListener::Listen(path_, 0600);
  ASSERT_TRUE(listener.ok()) << listener.error().message;
  struct stat st {};
  ASSERT_EQ(stat(path_.c_str(), &st), 0);
  EXPECT_TRUE(S_ISSOCK(st.st_mode));
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_TRUE(Connects());
}

TEST_F(UnixListenerTest, CloseRemovesTheSocketFile) {
  auto listener = UnixListener::Listen(path_, 0666);
  ASSERT_TRUE(listener.ok());
  listener->Close();
  EXPECT_NE(access(path_.c_str(), F_OK), 0);
  EXPECT_FALSE(Connects());
}

TEST_F(UnixListenerTest, LeavesASocketFileThatReplacedItsOwn) {
  auto listener = UnixListener::Listen(path_, 0666);
  ASSERT_TRUE(listener.ok());
  ASSERT_EQ(unlink(path_.c_str()), 0);
  {
    auto newer = UnixListener::Listen(path_, 0666);  // someone else's server took the path
    ASSERT_TRUE(newer.ok());
    listener->Close();
    EXPECT_TRUE(Connects());
  }
}

TEST_F(UnixListenerTest, ReplacesAStaleSocketFile) {
  {
    auto crashed = UnixListener::Listen(path_, 0666);
    ASSERT_TRUE(crashed.ok());
    // Keep the file when it closes, as a crashed server leaves it behind.
    ASSERT_EQ(link(path_.c_str(), (dir_ + "/kept").c_str()), 0);
  }
  ASSERT_EQ(rename((dir_ + "/kept").c_str(), path_.c_str()), 0);
  EXPECT_FALSE(Connects());
  auto listener = UnixListener::Listen(path_, 0666);
  ASSERT_TRUE(listener.ok()) << listener.error().message;
  EXPECT_TRUE(Connects());
}

TEST_F(UnixListenerTest, RefusesAPathAServerStillAnswersOn) {
  auto first = UnixListener::Listen(path_, 0666);
  ASSERT_TRUE(first.ok());
  auto second = UnixListener::Listen(path_, 0666);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::kConflict);
  EXPECT_EQ(second.error().message, "another server is listening on " + path_);
  EXPECT_TRUE(Connects());
}

TEST_F(UnixListenerTest, RefusesAFileThatIsNotASocket) {
  std::ofstream(path_) << "data";
  auto listener = UnixListener::Listen(path_, 0666);
  ASSERT_FALSE(listener.ok());
  EXPECT_EQ(listener.error().code, ErrorCode::kConflict);
  EXPECT_FALSE(listener.error().hint.empty());
}

TEST_F(UnixListenerTest, RefusesRelativeOrOverlongPaths) {
  EXPECT_EQ(UnixListener::Listen("relative.sock", 0666).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(UnixListener::Listen("/" + std::string(200, 'x'), 0666).error().code,
            ErrorCode::kInvalidArgument);
}

TEST_F(UnixListenerTest, ReportsAMissingDirectory) {
  auto listener = UnixListener::Listen(dir_ + "/missing/ds01.sock", 0666);
  ASSERT_FALSE(listener.ok());
  EXPECT_EQ(listener.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(listener.error().message.find("No such file or directory"), std::string::npos);
}

}  // namespace
}  // namespace ds01::http
