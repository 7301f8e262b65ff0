#include "cli/exit_wait.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using std::chrono::milliseconds;

TEST(ParseContainerExit, ReadsTheEnginesAnswer) {
  auto exit = ParseContainerExit(R"({"Error":null,"StatusCode":137})");
  ASSERT_TRUE(exit.ok()) << exit.error().ToString();
  EXPECT_EQ(exit->status_code, 137);
  EXPECT_EQ(exit->error, "");
  auto failed = ParseContainerExit(R"({"Error":{"Message":"lost it"},"StatusCode":-1})");
  ASSERT_TRUE(failed.ok());
  EXPECT_EQ(failed->error, "lost it");
  for (std::string_view bad : {"", "[]", R"({"StatusCode":"0"})", R"({"Error":null})", "{"}) {
    auto refused = ParseContainerExit(bad);
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.error().code, ErrorCode::kProtocol) << bad;
  }
}

TEST(OpenExitWait, AsksDs01dForTheConditionOnTheOwnersContainer) {
  testing::TestSession t;
  int sockets[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, sockets), 0);
  const std::string answer = R"({"StatusCode":3})";
  ASSERT_EQ(::write(sockets[1], answer.data(), answer.size()), static_cast<ssize_t>(answer.size()));
  ::close(sockets[1]);
  t.daemon.HandedAnswer("POST", "/v1/containers/train/wait?owner=bob&condition=removed",
                        HandedStream{UniqueFd(sockets[0]), {false, false, 0}, ""});
  auto wait = OpenExitWait(t.daemon, ContainerRef{"train", "bob"}, "removed");
  ASSERT_TRUE(wait.ok()) << wait.error().ToString();
  auto exit = AwaitExit(*wait, milliseconds(2000));
  ASSERT_TRUE(exit.ok()) << exit.error().ToString();
  EXPECT_EQ(exit->status_code, 3);
}

}  // namespace
}  // namespace ds01::cli
