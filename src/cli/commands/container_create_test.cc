#include "cli/commands/container_create.h"

#include <gtest/gtest.h>

#include "cli/test_support.h"

namespace ds01::cli {
namespace {

using nlohmann::json;
using testing::MakeContainer;
using State = api::ContainerState;
using testing::TestSession;

Result<ContainerCreateOptions> Parse(const std::vector<std::string>& args) {
  ContainerCreateOptions options;
  ArgSpec spec("container-create");
  DeclareContainerCreate(spec, options);
  DS01_RETURN_IF_ERROR(spec.Parse(args));
  return options;
}

TEST(ContainerCreateFlags, TakeTheSeedsEqualsForms) {
  auto options = Parse({"training", "--image=aime/pytorch:2.8.0-cuda12.4", "--project=thesis",
                        "--workspace=/home/a/workspace/data", "--gpu=2"});
  ASSERT_TRUE(options.ok()) << options.error().message;
  EXPECT_EQ(options->name, "training");
  EXPECT_EQ(options->image, "aime/pytorch:2.8.0-cuda12.4");
  EXPECT_EQ(options->project, "thesis");
  EXPECT_EQ(options->workspace, "/home/a/workspace/data");
  EXPECT_EQ(options->gpus, 2);
}

TEST(ContainerCreateFlags, TakeSpaceSeparatedValuesToo) {
  auto options = Parse({"--gpu", "2", "training", "--mig", "3g.40gb"});
  ASSERT_TRUE(options.ok());
  EXPECT_EQ(options->gpus, 2);
  EXPECT_EQ(options->mig, "3g.40gb");
}

// A create of `name` asking for `gpus` whole GPUs and nothing else.
api::CreateRequest Request(const std::string& name, int gpus) {
  api::CreateRequest request;
  request.name = name;
  request.gpus = gpus;
  return request;
}

TEST(ContainerCreateFlags, AcceptSeed000sBackgroundFlag) {
  // seed 000, Script 1: container-create exp-1 --background
  auto options = Parse({"exp-1", "--background"});
  ASSERT_TRUE(options.ok()) << options.error().message;
  EXPECT_EQ(options->name, "exp-1");
  EXPECT_TRUE(options->background);
  EXPECT_EQ(*CreateRequest(*options), Request("exp-1", 1)) << "it asks the daemon for nothing more";
}

TEST(ContainerCreateFlags, RefuseAGpuCountThatIsNotANumber) {
  auto options = Parse({"training", "--gpu=abc"});
  ASSERT_FALSE(options.ok());
  EXPECT_EQ(options.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(options.error().message, "--gpu takes a whole number, not 'abc'");
  EXPECT_EQ(options.error().hint, "give a whole number of GPUs: --gpu=1 (or --gpu=0 for none)");
}

TEST(CreateRequest, AsksForOneGpuUnlessToldOtherwise) {
  ContainerCreateOptions options;
  options.name = "box";
  EXPECT_EQ(*CreateRequest(options), Request("box", 1));
  options.gpus = 0;
  options.image = "ds01-test/base:latest";
  api::CreateRequest expected = Request("box", 0);
  expected.image = "ds01-test/base:latest";
  EXPECT_EQ(*CreateRequest(options), expected);
  options.gpus.reset();
  options.mig = "2g.20gb";
  options.project = "p";
  options.workspace = "/w";
  expected.gpus.reset();
  expected.mig_profile = "2g.20gb";
  expected.project = "p";
  expected.workspace = "/w";
  EXPECT_EQ(*CreateRequest(options), expected);
}

TEST(CreateRequest, CarriesTheEnvironmentLabelsAndResourcesAsked) {
  auto options = Parse({"box", "-e", "SEED=1", "--env=MODE=a=b", "--label", "team=vision",
                        "--memory=4G", "--cpus=1.5", "--shm-size=1G", "--pids-limit=256"});
  ASSERT_TRUE(options.ok()) << options.error().message;
  auto request = CreateRequest(*options);
  ASSERT_TRUE(request.ok()) << request.error().ToString();
  EXPECT_EQ(request->env, (std::map<std::string, std::string>{{"MODE", "a=b"}, {"SEED", "1"}}));
  EXPECT_EQ(request->labels, (std::map<std::string, std::string>{{"team", "vision"}}));
  EXPECT_EQ(request->memory, "4G");
  EXPECT_EQ(request->cpus, 1.5);
  EXPECT_EQ(request->shm_size, "1G");
  EXPECT_EQ(request->pids_limit, 256);
}

TEST(CreateRequest, CarriesTheCommandLifecycleStorageAndNetworkAsked) {
  auto options = Parse({"box",
                        "--entrypoint=",
                        "-u",
                        "1000",
                        "-v",
                        "/srv/data:/data:ro",
                        "--mount",
                        "type=tmpfs,target=/cache",
                        "--tmpfs",
                        "/scratch:size=1g",
                        "--read-only",
                        "-p",
                        "8888",
                        "--port=20001:6006",
                        "--network",
                        "none",
                        "--restart=on-failure:3",
                        "--health-cmd",
                        "test -f /tmp/ok",
                        "--health-interval=1m",
                        "--health-retries=2",
                        "--",
                        "python",
                        "-u",
                        "train.py"});
  ASSERT_TRUE(options.ok()) << options.error().message;
  auto request = CreateRequest(*options);
  ASSERT_TRUE(request.ok()) << request.error().ToString();
  EXPECT_EQ(request->command, (std::vector<std::string>{"python", "-u", "train.py"}));
  EXPECT_FALSE(request->shell);
  EXPECT_EQ(request->entrypoint, "") << "an empty entrypoint clears the image's";
  EXPECT_EQ(request->user, "1000");
  EXPECT_EQ(request->binds, (std::vector<api::Bind>{{"/srv/data", "/data", true}}));
  EXPECT_EQ(request->tmpfs, (std::vector<api::Tmpfs>{{"/cache", std::nullopt, std::nullopt},
                                                     {"/scratch", "1g", std::nullopt}}));
  EXPECT_TRUE(request->read_only);
  EXPECT_EQ(request->ports, (std::vector<api::Port>{{8888, "tcp", std::nullopt, std::nullopt},
                                                    {6006, "tcp", 20001, std::nullopt}}));
  EXPECT_EQ(request->network, "none");
  EXPECT_EQ(request->restart, "on-failure:3");
  EXPECT_EQ(request->health,
            (api::Health{"test -f /tmp/ok", 60, std::nullopt, std::nullopt, 2, false}));
}

TEST(CreateRequest, ShellRunsTheWordsAsOneLine) {
  auto options = Parse({"box", "--shell", "--", "python", "train.py", "&&", "echo", "done"});
  ASSERT_TRUE(options.ok()) << options.error().message;
  auto request = CreateRequest(*options);
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->command, std::vector<std::string>{"python train.py && echo done"});
  EXPECT_TRUE(request->shell);
  EXPECT_FALSE(request->health.has_value()) << "no --health-* flag leaves the image's probe";
}

TEST(CreateRequest, AMalformedPairOrCpuCountIsAUsageError) {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"box", "-e", "NOEQUALS"},
                                               {"box", "-e", "=v"},
                                               {"box", "--label", "x"},
                                               {"box", "--cpus=lots"},
                                               {"box", "--cpus=0"},
                                               {"box", "-v", "cache:/cache"},
                                               {"box", "--port=http"},
                                               {"box", "--mount=type=volume,target=/v"},
                                               {"box", "--env-file=/nonexistent/ds01-env"}}) {
    auto options = Parse(args);
    ASSERT_TRUE(options.ok()) << args.back();
    auto request = CreateRequest(*options);
    ASSERT_FALSE(request.ok()) << args.back();
    EXPECT_EQ(request.error().code, ErrorCode::kInvalidArgument) << args.back();
  }
}

TEST(ParseEnvFile, ReadsKeyValueLinesAndTakesBareNamesFromTheEnvironment) {
  auto env = ParseEnvFile("# a comment\nSEED=1\n\n  MODE=fast\r\nHOME\nMISSING\nURL=a=b\n",
                          {{"HOME", "/home/alice"}});
  ASSERT_TRUE(env.ok()) << env.error().ToString();
  EXPECT_EQ(*env, (std::map<std::string, std::string>{
                      {"HOME", "/home/alice"}, {"MODE", "fast"}, {"SEED", "1"}, {"URL", "a=b"}}));
  auto broken = ParseEnvFile("SEED=1\n=oops\n", {});
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().message, "Line 2 of the env file is not KEY=VALUE");
}

TEST(RunContainerCreate, PostsTheRequestAndReportsTheGpu) {
  TestSession t;
  t.daemon.Answer("POST", "/v1/containers", MakeContainer("box", State::kCreated, "3"));
  ContainerCreateOptions options;
  options.name = "box";
  options.gpus = 1;
  ASSERT_TRUE(RunContainerCreate(t.session, options).ok());
  ASSERT_EQ(t.daemon.requests.size(), 1u);
  EXPECT_EQ(t.daemon.requests[0].body, (json{{"name", "box"}, {"gpus", 1}}));
  EXPECT_EQ(t.out.str(), "Created box (GPU 3, simulated)\n");
}

TEST(RunContainerCreate, RefusesGpuAndMigTogether) {
  TestSession t;
  ContainerCreateOptions options;
  options.name = "box";
  options.gpus = 1;
  options.mig = "3g.40gb";
  Status status = RunContainerCreate(t.session, options);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(t.daemon.requests.empty());
}

TEST(RunContainerCreate, OnATerminalAsksForAMissingName) {
  TestSession t;
  t.daemon.Answer("POST", "/v1/containers", MakeContainer("asked", State::kCreated, ""));
  t.TerminalTyping("asked\n");
  ASSERT_TRUE(RunContainerCreate(t.session, {}).ok());
  ASSERT_EQ(t.daemon.requests.size(), 1u);
  EXPECT_EQ(t.daemon.requests[0].body["name"], "asked");
  EXPECT_NE(t.out.str().find("Created asked (no GPU)"), std::string::npos);
}

TEST(RunContainerCreate, PassesTheDaemonsRefusalOn) {
  TestSession t;
  t.daemon.Answer("POST", "/v1/containers",
                  MakeError(ErrorCode::kLimitExceeded, "GPU limit reached", "remove a container"));
  ContainerCreateOptions options;
  options.name = "box";
  Status status = RunContainerCreate(t.session, options);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(t.out.str(), "");
}

}  // namespace
}  // namespace ds01::cli
