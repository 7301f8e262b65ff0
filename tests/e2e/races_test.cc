// Many users asking at once: allocation, creation and the record happen in one critical
// section, so no GPU is ever given twice (the upstream system's first defect, REFERENCE.md).
#include <map>
#include <set>
#include <thread>

#include "tests/e2e/support/e2e_fixture.h"

namespace ds01::e2e {
namespace {

constexpr int kRequests = 40;

class RacesTest : public E2eTest {
 protected:
  void Configure(TestConfig& config) override {
    config.gpus = 8;
    config.max_gpus = 2;
    config.max_containers = 10;
  }
};

struct Attempt {
  int user = 0;
  std::string name;
  ProcessResult result;
};

TEST_F(RacesTest, FortyConcurrentCreatesOnEightGpusGiveExactlyEight) {
  std::vector<Attempt> attempts(kRequests);
  std::vector<std::thread> threads;
  for (int i = 0; i < kRequests; ++i) {
    attempts[i].user = i % kTestUsers + 1;
    attempts[i].name = "race-" + std::to_string(i);
  }
  for (auto& attempt : attempts) {
    threads.emplace_back([this, &attempt] {
      attempt.result = Cli(user(attempt.user), {"container-create", attempt.name,
                                                "--image=" + std::string(kBaseImage), "--gpu=1"});
    });
  }
  for (auto& thread : threads) thread.join();

  std::map<int, int> won_by_user;
  std::set<std::string> winners;
  for (const auto& attempt : attempts) {
    const ProcessResult& result = attempt.result;
    if (result.exit_code == 0) {
      ++won_by_user[attempt.user];
      winners.insert(DockerName(attempt.name, user(attempt.user).uid));
      continue;
    }
    EXPECT_EQ(result.exit_code, 4) << attempt.name << "\n" << result.Describe();
    bool specific = result.err.find("GPU limit reached") != std::string::npos ||
                    result.err.find("No free GPU") != std::string::npos;
    EXPECT_TRUE(specific) << attempt.name << " failed without the limit or no-free-GPU reason\n"
                          << result.Describe();
  }
  EXPECT_EQ(winners.size(), 8u) << "exactly as many creates succeed as there are GPUs";
  for (const auto& [who, won] : won_by_user) {
    EXPECT_LE(won, 2) << "user " << who << " got more than max_gpus: 2";
  }

  // The engine's own view: eight containers, eight different GPUs, labels and env agreeing.
  Result<std::vector<docker::ContainerSummary>> managed = engine().ManagedOf(test_uids());
  ASSERT_TRUE(managed.ok()) << managed.error().ToString();
  EXPECT_EQ(managed->size(), 8u);
  std::map<std::string, std::string> holder_of_uuid;
  for (const auto& summary : *managed) {
    EXPECT_TRUE(winners.count(summary.name())) << summary.name() << " was not reported created";
    Result<docker::ContainerInspect> inspect = engine().Inspect(summary.id);
    ASSERT_TRUE(inspect.ok()) << inspect.error().ToString();
    std::optional<std::string> visible = EnvValue(*inspect, "NVIDIA_VISIBLE_DEVICES");
    ASSERT_TRUE(visible.has_value()) << summary.name() << " has no NVIDIA_VISIBLE_DEVICES";
    std::vector<std::string> uuids = SplitList(*visible);
    ASSERT_EQ(uuids.size(), 1u) << *visible;
    EXPECT_EQ(SplitList(inspect->labels["ds01.gpu.uuids"]), uuids);
    auto [it, fresh] = holder_of_uuid.emplace(uuids[0], summary.name());
    EXPECT_TRUE(fresh) << uuids[0] << " is in both " << it->second << " and " << summary.name();
  }

  // ds01d agrees: every slot taken, by the containers the engine has.
  nlohmann::json gpus = Gpus(admin());
  int held = 0;
  for (const auto& gpu : gpus.value("gpus", nlohmann::json::array())) {
    for (const auto& slot : gpu.value("slots", nlohmann::json::array())) {
      EXPECT_TRUE(holder_of_uuid.count(slot.value("uuid", "")))
          << "free or unknown: " << slot.dump();
      if (slot.contains("holder") && slot["holder"].is_object()) ++held;
    }
  }
  EXPECT_EQ(held, 8) << gpus.dump();
  for (int n = 1; n <= kTestUsers; ++n) {
    EXPECT_EQ(ListAll(user(n)).size(), static_cast<std::size_t>(won_by_user[n]))
        << user(n).name << "'s list disagrees with what their creates said";
  }
}

TEST_F(RacesTest, OneUsersConcurrentCreatesNeverPassTheirLimit) {
  std::vector<ProcessResult> results(10);
  std::vector<std::thread> threads;
  for (int i = 0; i < 10; ++i) {
    threads.emplace_back([this, &results, i] {
      results[i] = Cli(user(1), {"container-create", "mine-" + std::to_string(i),
                                 "--image=" + std::string(kBaseImage), "--gpu=1"});
    });
  }
  for (auto& thread : threads) thread.join();
  int succeeded = 0;
  for (const auto& result : results) {
    if (result.exit_code == 0) {
      ++succeeded;
    } else {
      EXPECT_EQ(result.exit_code, 4) << result.Describe();
      EXPECT_NE(result.err.find("GPU limit reached"), std::string::npos) << result.Describe();
    }
  }
  EXPECT_EQ(succeeded, 2);
  Result<std::vector<docker::ContainerSummary>> managed = engine().ManagedOf({user(1).uid});
  ASSERT_TRUE(managed.ok());
  EXPECT_EQ(managed->size(), 2u);
}

}  // namespace
}  // namespace ds01::e2e
