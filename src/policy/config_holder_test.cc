#include "policy/config_holder.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "policy/test_files.h"

namespace ds01::policy {
namespace {

Config MustParse(const std::string& text) {
  auto config = ParseConfig(text, "initial.yaml");
  EXPECT_TRUE(config.ok()) << config.error().ToString();
  return config.ok() ? std::move(config).value() : Config{};
}

TEST(ConfigHolder, ReloadMakesTheNewConfigCurrent) {
  testing::TempDir dir;
  ConfigHolder holder(MustParse("defaults: {max_gpus: 1}\n"));
  std::string path = dir.WriteFile("ds01.yaml", "defaults: {max_gpus: 2}\n");
  ASSERT_TRUE(holder.Reload(path).ok());
  EXPECT_EQ(holder.Snapshot()->defaults.max_gpus, 2.0);
  EXPECT_EQ(holder.Snapshot()->source, path);
}

TEST(ConfigHolder, FailedReloadKeepsTheLastGoodConfig) {
  testing::TempDir dir;
  ConfigHolder holder(MustParse("defaults: {max_gpus: 1}\n"));
  std::string path = dir.WriteFile("ds01.yaml", "defaults: {max_gpus: 2}\n");
  ASSERT_TRUE(holder.Reload(path).ok());

  dir.WriteFile("ds01.yaml", "defaults:\n  max_gpus: 3\n  idle_timeout: 15\n");
  Status status = holder.Reload(path);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message,
            path + ":3: defaults.idle_timeout: invalid duration '15': missing unit");
  EXPECT_EQ(holder.Snapshot()->defaults.max_gpus, 2.0);

  EXPECT_FALSE(holder.Reload(dir.path("missing.yaml")).ok());
  EXPECT_EQ(holder.Snapshot()->defaults.max_gpus, 2.0);
}

TEST(ConfigHolder, SnapshotTakenBeforeAReloadStaysUnchanged) {
  testing::TempDir dir;
  ConfigHolder holder(MustParse("defaults: {max_gpus: 1}\n"));
  std::shared_ptr<const Config> before = holder.Snapshot();
  ASSERT_TRUE(holder.Reload(dir.WriteFile("ds01.yaml", "defaults: {max_gpus: 5}\n")).ok());
  EXPECT_EQ(before->defaults.max_gpus, 1.0);
  EXPECT_EQ(holder.Snapshot()->defaults.max_gpus, 5.0);
}

TEST(ConfigHolder, ReadersDuringReloadsAlwaysSeeAWholeConfig) {
  testing::TempDir dir;
  // Each file keeps max_gpus == max_containers; a torn read would break that.
  std::string one = dir.WriteFile("one.yaml", "defaults: {max_gpus: 1, max_containers: 1}\n");
  std::string two = dir.WriteFile("two.yaml", "defaults: {max_gpus: 2, max_containers: 2}\n");
  ConfigHolder holder(MustParse("defaults: {max_gpus: 3, max_containers: 3}\n"));
  std::atomic<bool> done{false};
  std::atomic<int> torn{0};
  std::vector<std::thread> readers;
  for (int i = 0; i < 4; ++i) {
    readers.emplace_back([&] {
      while (!done) {
        auto config = holder.Snapshot();
        if (config->defaults.max_gpus != config->defaults.max_containers) ++torn;
      }
    });
  }
  for (int i = 0; i < 200; ++i) {
    EXPECT_TRUE(holder.Reload(i % 2 ? one : two).ok());
  }
  done = true;
  for (auto& reader : readers) reader.join();
  EXPECT_EQ(torn.load(), 0);
}

}  // namespace
}  // namespace ds01::policy
