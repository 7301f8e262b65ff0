#include "api/wire_exec.h"

#include "api/wire_test_support.h"

namespace ds01::api {
namespace {

using testing::Keys;
using testing::RoundTrip;
using Strings = std::vector<std::string>;

// Every field set and none to its default; the binding makes a member added later a compile
// error here until it is filled.
ExecRequest FullRequest() {
  ExecRequest request;
  auto& [cmd, shell, env, workdir, user, tty, stdin_open, detach] = request;
  cmd = {"python", "train.py"};
  shell = true;
  env = {{"SEED", "1"}};
  workdir = "/workspace/src";
  user = "1001:1001";
  tty = true;
  stdin_open = true;
  detach = true;
  return request;
}

TEST(WireExec, EveryFieldSurvivesTheTrip) {
  EXPECT_EQ(RoundTrip(FullRequest()), FullRequest());
  EXPECT_EQ(RoundTrip(ExecStarted{"abc", true, 12}), (ExecStarted{"abc", true, 12}));
  EXPECT_EQ(RoundTrip(ExecState{false, 3}), (ExecState{false, 3}));
  EXPECT_EQ(RoundTrip(ExecState{true, std::nullopt}), (ExecState{true, std::nullopt}));
  EXPECT_EQ(RoundTrip(TerminalSize{40, 120}), (TerminalSize{40, 120}));
}

TEST(WireExec, KeysAreTheDocumentedOnes) {
  EXPECT_EQ(Keys(nlohmann::json(FullRequest())),
            (Strings{"cmd", "detach", "env", "shell", "stdin", "tty", "user", "workdir"}));
  EXPECT_EQ(Keys(nlohmann::json(ExecRequest{})), Strings{});
  EXPECT_EQ(Keys(nlohmann::json(ExecStarted{})), (Strings{"early_bytes", "exec_id", "tty"}));
  EXPECT_EQ(Keys(nlohmann::json(ExecState{false, 0})), (Strings{"exit_code", "running"}));
  EXPECT_EQ(Keys(nlohmann::json(TerminalSize{})), (Strings{"height", "width"}));
}

}  // namespace
}  // namespace ds01::api
