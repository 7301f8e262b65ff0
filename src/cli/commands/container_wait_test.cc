#include "cli/commands/container_wait.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli/exit_status.h"
#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using testing::TestSession;

ContainerWaitOptions Parsed(const std::vector<std::string>& args) {
  ContainerWaitOptions options;
  ArgSpec spec("container-wait");
  DeclareContainerWait(spec, options);
  Status parsed = spec.Parse(args);
  EXPECT_TRUE(parsed.ok()) << parsed.error().ToString();
  return options;
}

// A handed wait connection with `answer` on it (nothing, and open, when `answer` is empty: an
// answer that never comes); the engine's end is returned to be closed by the test.
HandedStream Handed(const std::string& answer, int* engine_end) {
  int sockets[2];
  EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, sockets), 0);
  if (!answer.empty()) {
    EXPECT_EQ(::write(sockets[1], answer.data(), answer.size()),
              static_cast<ssize_t>(answer.size()));
  }
  *engine_end = sockets[1];
  return HandedStream{UniqueFd(sockets[0]), {false, false, 0}, ""};
}

TEST(ContainerWaitFlags, TakeTheConditionTimeoutAndCleanUp) {
  const ContainerWaitOptions options =
      Parsed({"train", "--condition=next-exit", "--timeout=2h", "--then-stop"});
  EXPECT_EQ(options.name, "train");
  EXPECT_EQ(options.condition, "next-exit");
  EXPECT_EQ(options.timeout, std::chrono::hours(2));
  EXPECT_TRUE(options.then_stop);
  EXPECT_EQ(Parsed({"train"}).condition, "not-running");
  ContainerWaitOptions bad;
  ArgSpec spec("container-wait");
  DeclareContainerWait(spec, bad);
  EXPECT_FALSE(spec.Parse({"train", "--condition=stopped"}).ok());
}

TEST(RunContainerWait, PrintsTheExitCodeAndExitsWithIt) {
  TestSession t;
  int engine = -1;
  t.daemon.HandedAnswer("POST", "/v1/containers/train/wait?condition=not-running",
                        Handed(R"({"Error":null,"StatusCode":3})", &engine));
  ::close(engine);
  ASSERT_TRUE(RunContainerWait(t.session, Parsed({"train"})).ok());
  EXPECT_EQ(t.out.str(), "3\n");
  EXPECT_EQ(t.session.exit_status, 3);
}

TEST(RunContainerWait, ATimeoutSaysSoCleansUpAsAskedAndExits124) {
  TestSession t;
  int engine = -1;
  t.daemon.HandedAnswer("POST", "/v1/containers/train/wait?condition=not-running",
                        Handed("", &engine));
  t.daemon.Answer("POST", "/v1/containers/train/remove", nlohmann::json::object());
  ASSERT_TRUE(RunContainerWait(t.session, Parsed({"train", "--timeout=1", "--then-remove"})).ok());
  ::close(engine);
  EXPECT_EQ(t.session.exit_status, kExitTimedOut);
  EXPECT_EQ(t.err.str(), "train did not reach not-running within 1s\nStopped and removed train\n");
  ASSERT_EQ(t.daemon.requests.size(), 2u);
  EXPECT_EQ(t.daemon.requests[1].body, (nlohmann::json{{"stop", true}}));
}

TEST(RunContainerWait, CleanUpWithoutATimeoutOrBothCleanUpsAreUsageErrors) {
  TestSession t;
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"train", "--then-stop"},
           {"train", "--timeout=5", "--then-stop", "--then-remove"},
           {}}) {
    Status ran = RunContainerWait(t.session, Parsed(args));
    ASSERT_FALSE(ran.ok());
    EXPECT_EQ(ran.error().code, ErrorCode::kInvalidArgument);
  }
  EXPECT_TRUE(t.daemon.requests.empty());
}

TEST(RunContainerWait, AnEngineThatCouldNotWaitIsAnErrorNotAnExitCode) {
  TestSession t;
  int engine = -1;
  t.daemon.HandedAnswer("POST", "/v1/containers/train/wait?condition=removed",
                        Handed(R"({"Error":{"Message":"no"},"StatusCode":-1})", &engine));
  ::close(engine);
  Status ran = RunContainerWait(t.session, Parsed({"train", "--condition=removed"}));
  ASSERT_FALSE(ran.ok());
  EXPECT_EQ(ran.error().message, "The engine could not wait for train: no");
  EXPECT_FALSE(t.session.exit_status.has_value());
}

}  // namespace
}  // namespace ds01::cli
