#include "docker/exec.h"

#include <gtest/gtest.h>

namespace ds01::docker {
namespace {

using nlohmann::json;

TEST(ExecCreateBody, CarriesCommandEnvDirUserAndStreams) {
  ExecSpec spec;
  spec.cmd = {"sh", "-c", "echo $A"};
  spec.env = {{"A", "1"}};
  spec.working_dir = "/tmp";
  spec.user = "1000:1000";
  spec.tty = true;
  spec.attach_stdin = true;
  Result<json> body = ExecCreateBody(spec);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(*body, json::parse(R"({"Cmd":["sh","-c","echo $A"],"Env":["A=1"],"WorkingDir":"/tmp",
      "User":"1000:1000","Tty":true,"AttachStdin":true,"AttachStdout":true,"AttachStderr":true})"));
}

TEST(ExecCreateBody, RefusesAnEmptyCommand) {
  EXPECT_EQ(ExecCreateBody({}).error().code, ErrorCode::kInvalidArgument);
}

TEST(ParseExecInspect, ExitCodeOnlyOnceStopped) {
  Result<ExecInspect> running = ParseExecInspect(
      R"({"ID":"e1","ContainerID":"c1","Running":true,"ExitCode":null,"Pid":42,
          "ProcessConfig":{"tty":true}})");
  ASSERT_TRUE(running.ok());
  EXPECT_TRUE(running->running);
  EXPECT_FALSE(running->exit_code.has_value());
  EXPECT_TRUE(running->tty);
  EXPECT_EQ(running->pid, 42);
  Result<ExecInspect> done =
      ParseExecInspect(R"({"ID":"e1","ContainerID":"c1","Running":false,"ExitCode":3})");
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->exit_code, 3);
  EXPECT_EQ(done->container_id, "c1");
}

}  // namespace
}  // namespace ds01::docker
