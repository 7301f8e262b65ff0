#include "daemon/request_bodies.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api/wire_images.h"
#include "api/wire_json.h"
#include "api/wire_requests.h"

namespace ds01::daemon {
namespace {

using ::testing::HasSubstr;

TEST(CreateBody, ReadsTheDocumentedFieldsAndDefaultsToOneGpu) {
  auto params = ParseCreateBody(R"({"name":"train","image":"img:1","project":"thesis"})");
  ASSERT_TRUE(params.ok()) << params.error().ToString();
  EXPECT_EQ(params->name, "train");
  EXPECT_EQ(params->image, "img:1");
  EXPECT_EQ(params->project, "thesis");
  ASSERT_TRUE(std::holds_alternative<core::WholeGpus>(params->gpus));
  EXPECT_EQ(std::get<core::WholeGpus>(params->gpus).count, 1);
}

TEST(CreateBody, AMigProfileAsksForOneInstance) {
  auto params = ParseCreateBody(R"({"name":"small","mig_profile":"3g.40gb"})");
  ASSERT_TRUE(params.ok());
  ASSERT_TRUE(std::holds_alternative<core::MigInstance>(params->gpus));
  EXPECT_EQ(std::get<core::MigInstance>(params->gpus).profile, "3g.40gb");
  EXPECT_FALSE(ParseCreateBody(R"({"name":"x","gpus":2,"mig_profile":"3g.40gb"})").ok());
}

TEST(CreateBody, PassesEveryPolicyOptionThroughForPolicyToJudge) {
  auto params = ParseCreateBody(R"({"name":"x","gpus":0,"privileged":true,"cap_add":["SYS_ADMIN"],
      "devices":["/dev/mem"],"network_mode":"host","pid_mode":"host","ipc_mode":"host",
      "user":"0:0","labels":{"ds01.user":"root"},"env":{"A":"b"},
      "binds":[{"source":"/","target":"/host","read_only":true}],
      "memory":"1G","shm_size":1024,"cpus":2.5,"pids_limit":100})");
  ASSERT_TRUE(params.ok()) << params.error().ToString();
  const policy::CreateRequest& o = params->options;
  EXPECT_TRUE(o.privileged);
  EXPECT_EQ(o.cap_add, std::vector<std::string>{"SYS_ADMIN"});
  EXPECT_EQ(o.devices, std::vector<std::string>{"/dev/mem"});
  EXPECT_EQ(o.network_mode, "host");
  EXPECT_EQ(o.pid_mode, "host");
  EXPECT_EQ(o.ipc_mode, "host");
  EXPECT_EQ(o.user, "0:0");
  EXPECT_EQ(o.labels.at("ds01.user"), "root");
  EXPECT_EQ(o.env.at("A"), "b");
  ASSERT_EQ(o.binds.size(), 1u);
  EXPECT_EQ(o.binds[0].source, "/");
  EXPECT_EQ(o.binds[0].target, "/host");
  EXPECT_TRUE(o.binds[0].read_only);
  EXPECT_EQ(o.memory_bytes, 1ull << 30);
  EXPECT_EQ(o.shm_size_bytes, 1024u);
  EXPECT_EQ(o.cpus, 2.5);
  EXPECT_EQ(o.pids_limit, 100);
}

TEST(CreateBody, AnUnknownFieldIsRefusedRatherThanIgnored) {
  auto refused = ParseCreateBody(R"({"name":"x","HostConfig":{"Privileged":true}})");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(refused.error().message, HasSubstr("'HostConfig'"));
  EXPECT_THAT(refused.error().hint, HasSubstr("name, image"));
}

TEST(CreateBody, WrongTypesAndMissingNamesAreRefused) {
  EXPECT_FALSE(ParseCreateBody(R"({"name":"x","gpus":"two"})").ok());
  EXPECT_FALSE(ParseCreateBody(R"({"name":"x","gpus":-1})").ok());
  EXPECT_FALSE(ParseCreateBody(R"({"name":"x","memory":"lots"})").ok());
  EXPECT_FALSE(ParseCreateBody(R"({"name":"x","binds":["/:/host"]})").ok());
  EXPECT_FALSE(ParseCreateBody(R"({"image":"x"})").ok());
  EXPECT_FALSE(ParseCreateBody("not json").ok());
  EXPECT_FALSE(ParseCreateBody("[1]").ok());
}

TEST(CreateBody, AStringCommandIsSplitAsAShellWouldOrRunByShWithShell) {
  auto split = ParseCreateBody(R"({"name":"a","command":"python -c 'print(1)'"})");
  ASSERT_TRUE(split.ok()) << split.error().ToString();
  EXPECT_EQ(split->options.command, (std::vector<std::string>{"python", "-c", "print(1)"}));
  // "shell" sorts after "command": it must still apply, whichever comes first in the text.
  auto shell = ParseCreateBody(R"({"shell":true,"name":"a","command":"make && echo $HOME"})");
  ASSERT_TRUE(shell.ok()) << shell.error().ToString();
  EXPECT_EQ(shell->options.command,
            (std::vector<std::string>{"/bin/sh", "-c", "make && echo $HOME"}));
  auto entry = ParseCreateBody(R"({"name":"a","entrypoint":""})");
  ASSERT_TRUE(entry.ok());
  EXPECT_EQ(entry->options.entrypoint, std::vector<std::string>{});
  EXPECT_THAT(ParseCreateBody(R"({"name":"a","command":"echo 'open"})").error().message,
              HasSubstr("ends inside"));
  EXPECT_FALSE(ParseCreateBody(R"({"name":"a","shell":true})").ok());
  EXPECT_FALSE(ParseCreateBody(R"({"name":"a","shell":true,"command":["a","b"]})").ok());
}

TEST(CreateBody, ReadsPortsTmpfsRestartAndHealth) {
  auto params = ParseCreateBody(R"({"name":"a","ports":[{"container":8888,"host":20001}],
      "tmpfs":[{"target":"/scratch","size":"1G","mode":1023}],"read_only":true,
      "restart":"on-failure:3","health":{"cmd":"true","interval":"10s","retries":2},
      "auto_remove":true})");
  ASSERT_TRUE(params.ok()) << params.error().ToString();
  const policy::CreateRequest& options = params->options;
  ASSERT_EQ(options.ports.size(), 1u);
  EXPECT_EQ(options.ports[0].container_port, 8888);
  EXPECT_EQ(options.ports[0].host_port, 20001);
  EXPECT_EQ(options.ports[0].protocol, "tcp");
  ASSERT_EQ(options.tmpfs.size(), 1u);
  EXPECT_EQ(options.tmpfs[0].size_bytes, 1ull << 30);
  EXPECT_EQ(options.tmpfs[0].mode, 01777u);
  EXPECT_TRUE(options.read_only);
  EXPECT_EQ(options.restart.name, "on-failure");
  EXPECT_EQ(options.restart.max_retries, 3);
  EXPECT_TRUE(options.auto_remove);
  EXPECT_EQ(options.health.command, "true");
  EXPECT_EQ(options.health.interval, std::chrono::seconds(10));
  EXPECT_EQ(options.health.retries, 2);
  for (std::string_view bad :
       {R"({"name":"a","restart":"sometimes"})", R"({"name":"a","ports":[{"container":"80"}]})",
        R"({"name":"a","ports":[{"container":80,"host":-1}]})",
        R"({"name":"a","health":{"cmd":"true","every":"1s"}})",
        R"({"name":"a","health":{"interval":"soon"}})", R"({"name":"a","tmpfs":["/x"]})"}) {
    auto refused = ParseCreateBody(bad);
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument) << bad;
  }
}

TEST(StopBody, TimeIsOptionalWholeSeconds) {
  auto none = ParseStopBody("");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  auto one = ParseStopBody(R"({"time":1})");
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(*one, std::chrono::seconds(1));
  EXPECT_FALSE(ParseStopBody(R"({"time":-1})").ok());
  EXPECT_FALSE(ParseStopBody(R"({"time":"soon"})").ok());
}

TEST(RemoveBody, StopIsOptionalAndFalseByDefault) {
  EXPECT_FALSE(*ParseRemoveBody(""));
  EXPECT_TRUE(*ParseRemoveBody(R"({"stop":true})"));
  EXPECT_FALSE(ParseRemoveBody(R"({"stop":"yes"})").ok());
}

TEST(ImageRemoveBody, ForceIsOptionalAndNothingElseIsTaken) {
  EXPECT_FALSE(*ParseImageRemoveBody(""));
  EXPECT_FALSE(*ParseImageRemoveBody(api::DumpWire(api::ImageRemoveRequest{})));
  EXPECT_TRUE(*ParseImageRemoveBody(api::DumpWire(api::ImageRemoveRequest{true})));
  EXPECT_FALSE(ParseImageRemoveBody(R"({"force":1})").ok());
  auto other = ParseImageRemoveBody(R"({"stop":true})");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(other.error().message, "Unknown field 'stop' in the image remove request");
}

TEST(ContainerPruneBody, ReadsWhatTheCliSendsAndNothingElse) {
  EXPECT_EQ(*ParseContainerPruneBody(""), api::ContainerPruneRequest{});
  EXPECT_EQ(*ParseContainerPruneBody("{}"), api::ContainerPruneRequest{});
  const api::ContainerPruneRequest full{86400, true};
  EXPECT_EQ(*ParseContainerPruneBody(api::DumpWire(full)), full);
  EXPECT_EQ(ParseContainerPruneBody(R"({"until":0})")->until, 0);
  EXPECT_EQ(ParseContainerPruneBody(R"({"until":null})")->until, std::nullopt);
  EXPECT_EQ(ParseContainerPruneBody(R"({"until":3153600000})")->until, kMaxPruneUntilSeconds);
  // Odd durations: negative, fractional, text, beyond any clock, an overflowing number.
  for (const char* odd :
       {R"({"until":-1})", R"({"until":1.5})", R"({"until":"24h"})", R"({"until":3153600001})",
        R"({"until":99999999999999999999})", R"({"until":true})"}) {
    auto refused = ParseContainerPruneBody(odd);
    ASSERT_FALSE(refused.ok()) << odd;
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument) << odd;
    EXPECT_EQ(refused.error().message,
              "'until' must be a whole number of seconds from 0 to 3153600000 (100 years)")
        << odd;
  }
  EXPECT_FALSE(ParseContainerPruneBody(R"({"dry_run":"yes"})").ok());
  auto owner = ParseContainerPruneBody(R"({"owner":"bob"})");
  ASSERT_FALSE(owner.ok());
  EXPECT_EQ(owner.error().message, "Unknown field 'owner' in the container prune request");
  EXPECT_FALSE(ParseContainerPruneBody("[]").ok());
}

TEST(ImagePruneBody, ReadsWhatTheCliSendsAndNothingElse) {
  EXPECT_EQ(*ParseImagePruneBody(""), api::ImagePruneRequest{});
  EXPECT_EQ(*ParseImagePruneBody(api::DumpWire(api::ImagePruneRequest{true})),
            api::ImagePruneRequest{true});
  EXPECT_FALSE(ParseImagePruneBody(R"({"dry_run":1})").ok());
  auto other = ParseImagePruneBody(R"({"dangling":false})");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().message, "Unknown field 'dangling' in the image prune request");
}

TEST(BuildBody, ReadsWhatTheCliSendsAndNothingElse) {
  EXPECT_EQ(*ParseBuildBody(""), api::BuildRequest{});
  const api::BuildRequest full{"ds01-test/base:latest", true};
  EXPECT_EQ(*ParseBuildBody(api::DumpWire(full)), full);
  EXPECT_FALSE(ParseBuildBody(R"({"no_cache":"yes"})").ok());
  EXPECT_FALSE(ParseBuildBody(R"({"base":7})").ok());
  auto other = ParseBuildBody(R"({"network":"host"})");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().message, "Unknown field 'network' in the build request");
}

TEST(RequestBodies, ReadWhatTheWireTypesWrite) {
  api::CreateRequest create;
  create.name = "train";
  create.image = "img:1";
  create.project = "thesis";
  create.workspace = "/srv/data";
  create.gpus = 2;
  auto params = ParseCreateBody(api::DumpWire(create));
  ASSERT_TRUE(params.ok()) << params.error().ToString();
  EXPECT_EQ(params->name, "train");
  EXPECT_EQ(params->image, "img:1");
  EXPECT_EQ(params->project, "thesis");
  EXPECT_EQ(params->workspace, "/srv/data");
  ASSERT_TRUE(std::holds_alternative<core::WholeGpus>(params->gpus));
  EXPECT_EQ(std::get<core::WholeGpus>(params->gpus).count, 2);
  create.gpus.reset();
  create.mig_profile = "3g.40gb";
  params = ParseCreateBody(api::DumpWire(create));
  ASSERT_TRUE(params.ok()) << params.error().ToString();
  ASSERT_TRUE(std::holds_alternative<core::MigInstance>(params->gpus));
  EXPECT_EQ(std::get<core::MigInstance>(params->gpus).profile, "3g.40gb");
  EXPECT_EQ(*ParseStopBody(api::DumpWire(api::StopRequest{30})), std::chrono::seconds(30));
  EXPECT_FALSE(ParseStopBody(api::DumpWire(api::StopRequest{}))->has_value());
  EXPECT_TRUE(*ParseRemoveBody(api::DumpWire(api::RemoveRequest{true})));
  EXPECT_FALSE(*ParseRemoveBody(api::DumpWire(api::RemoveRequest{})));
}

TEST(RequestBodies, DeepOrHugeBodiesAreRefusedWhileParsing) {
  const std::string deep =
      R"({"name":"x","env":)" + std::string(20000, '[') + std::string(20000, ']') + "}";
  auto nested = ParseCreateBody(deep);
  ASSERT_FALSE(nested.ok());
  EXPECT_NE(nested.error().message.find("nests deeper than 8"), std::string::npos);
  std::string wide = R"({"name":"x","env":[)";
  for (int i = 0; i < 5000; ++i) wide += (i == 0 ? "" : ",") + std::string("1");
  wide += "]}";
  auto many = ParseCreateBody(wide);
  ASSERT_FALSE(many.ok());
  EXPECT_NE(many.error().message.find("more than 4096 values"), std::string::npos);
  EXPECT_FALSE(ParseStopBody(std::string(10000, '[')).ok());
}

}  // namespace
}  // namespace ds01::daemon
