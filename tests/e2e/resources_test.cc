// Resource limits that a user could turn against the host or against everyone else (issue
// 8): limits larger than the host, a CPU limit that rounds to none, a stop that never ends,
// volumes left behind by a remove.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "docker/images.h"
#include "docker/system.h"
#include "docker/volumes.h"
#include "tests/e2e/support/e2e_fixture.h"

namespace ds01::e2e {
namespace {

using std::chrono::seconds;
using std::chrono::steady_clock;

// A local image made from the base with the Dockerfile lines `lines`, tagged `tag`.
void BuildImage(docker::Engine& engine, const std::string& tag, const std::string& lines) {
  const std::filesystem::path context =
      std::filesystem::temp_directory_path() / ("ds01e2e-image-" + std::to_string(getpid()));
  std::filesystem::create_directories(context);
  std::ofstream(context / "Dockerfile") << "FROM " << kBaseImage << "\n" << lines << "\n";
  docker::BuildOptions options;
  options.tags = {tag};
  auto tar = docker::MakeBuildContext(context);
  std::filesystem::remove_all(context);
  ASSERT_TRUE(tar.ok()) << tar.error().ToString();
  auto built = docker::ImageApi(engine).Build(options, std::move(*tar));
  ASSERT_TRUE(built.ok()) << built.error().ToString();
}

class ResourcesTest : public E2eTest {
 protected:
  void Configure(TestConfig& config) override {
    config.cpus = "64";  // more than any test machine has
    config.memory = "64T";
  }

  std::string CreateBody(const std::string& name, const std::string& image,
                         const std::string& extra = {}) {
    return R"({"name":")" + name + R"(","image":")" + image + R"(","gpus":0)" +
           (extra.empty() ? "" : "," + extra) + "}";
  }
};

TEST_F(ResourcesTest, LimitsAboveTheHostAreTheHostAndCreatesWithoutCpusWork) {
  auto info = docker::SystemApi(engine().engine()).Info();
  ASSERT_TRUE(info.ok());
  CliOk(user(1), {"container-create", "roomy", "--image=" + std::string(kBaseImage), "--gpu=0"});
  CliOk(user(1), {"container-start", "roomy"});
  auto inspect = InspectOf(user(1), "roomy");
  ASSERT_TRUE(inspect.ok());
  EXPECT_EQ(inspect->nano_cpus, static_cast<std::int64_t>(info->cpus) * 1'000'000'000);
  EXPECT_EQ(inspect->memory_bytes, info->memory_bytes);

  http::Response limits = Api(user(1), "GET", "/v1/limits");
  ASSERT_EQ(limits.status, 200) << limits.body;
  const nlohmann::json shown = nlohmann::json::parse(limits.body)["limits"];
  EXPECT_EQ(shown["cpus"].get<double>(), info->cpus) << "the effective value, not the config's";
  EXPECT_EQ(shown["memory_bytes"].get<std::int64_t>(), info->memory_bytes);
}

TEST_F(ResourcesTest, ACpuLimitThatWouldRoundToNoneIsRefused) {
  for (const char* cpus : {"1e-10", "0.001", "0"}) {
    http::Response answer =
        Api(user(1), "POST", "/v1/containers",
            CreateBody("tiny", std::string(kBaseImage), std::string(R"("cpus":)") + cpus));
    EXPECT_EQ(answer.status, 400) << cpus << ": " << answer.body;
    EXPECT_NE(answer.body.find("at least 0.01"), std::string::npos) << answer.body;
    Result<bool> exists = engine().Exists(DockerName("tiny", user(1).uid));
    EXPECT_FALSE(exists.ok() && *exists);
  }
}

TEST_F(ResourcesTest, AHugeStopTimeIsRefusedAndALongStopBlocksNobodyElse) {
  ASSERT_NO_FATAL_FAILURE(
      BuildImage(engine().engine(), "ds01-test/stubborn:latest",
                 R"(CMD ["sh", "-c", "trap '' TERM; while :; do sleep 1; done"])"));
  CliOk(user(1), {"container-create", "stubborn", "--image=ds01-test/stubborn:latest", "--gpu=0"});
  CliOk(user(1), {"container-start", "stubborn"});
  CliOk(user(2),
        {"container-create", "bystander", "--image=" + std::string(kBaseImage), "--gpu=0"});

  const auto before = steady_clock::now();
  http::Response refused =
      Api(user(1), "POST", "/v1/containers/stubborn/stop", R"({"time":9223372036854775807})");
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_NE(refused.body.find("max_stop_time"), std::string::npos) << refused.body;
  EXPECT_LT(steady_clock::now() - before, seconds(2));

  // A stop of 4 s against a process that ignores SIGTERM: while it waits, others are served.
  auto stopping = std::async(std::launch::async, [&] {
    return Api(user(1), "POST", "/v1/containers/stubborn/stop", R"({"time":4})");
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const auto asked = steady_clock::now();
  http::Response listed = Api(user(2), "GET", "/v1/containers?all=1");
  EXPECT_EQ(listed.status, 200);
  EXPECT_LT(steady_clock::now() - asked, seconds(2)) << "another user waited for the stop";
  EXPECT_EQ(stopping.wait_for(seconds(1)), std::future_status::timeout)
      << "the stop should still be waiting out its grace";
  http::Response stopped = stopping.get();
  EXPECT_EQ(stopped.status, 200) << stopped.body;
  EXPECT_EQ(Listed(user(1), "stubborn").value_or(nullptr).value("state", ""), "stopped");
}

TEST_F(ResourcesTest, RemovingAContainerRemovesItsAnonymousVolumes) {
  ASSERT_NO_FATAL_FAILURE(
      BuildImage(engine().engine(), "ds01-test/with-volume:latest", "VOLUME /scratch"));
  CliOk(user(1),
        {"container-create", "scratchy", "--image=ds01-test/with-volume:latest", "--gpu=0"});
  auto inspect = InspectOf(user(1), "scratchy");
  ASSERT_TRUE(inspect.ok());
  std::string volume;
  for (const auto& mount : inspect->raw["Mounts"]) {
    if (mount.value("Type", "") == "volume") volume = mount.value("Name", "");
  }
  ASSERT_FALSE(volume.empty()) << inspect->raw["Mounts"].dump();
  auto names = [&] {
    std::vector<std::string> out;
    auto volumes = docker::VolumeApi(engine().engine()).List();
    if (volumes.ok()) {
      for (const auto& v : *volumes) out.push_back(v.name);
    }
    return out;
  };
  auto before = names();
  EXPECT_NE(std::find(before.begin(), before.end(), volume), before.end());
  CliOk(user(1), {"container-remove", "scratchy", "--force"});
  auto after = names();
  EXPECT_EQ(std::find(after.begin(), after.end(), volume), after.end())
      << "volume " << volume << " outlived its container";
}

}  // namespace
}  // namespace ds01::e2e
