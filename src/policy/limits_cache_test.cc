#include "policy/limits_cache.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <string>

namespace ds01::policy {
namespace {

// Counts the lookups, as a slow directory would feel them.
class CountingDirectory : public UserDirectory {
 public:
  Result<Identity> Lookup(uid_t uid) const override {
    ++lookups;
    if (uid != 1000) return MakeError(ErrorCode::kNotFound, "no such account");
    return Identity{1000, 1000, "alice", {"alice", "students"}};
  }
  mutable std::atomic<int> lookups{0};
};

Config WithStudentGpus(int gpus) {
  Config config;
  GroupPolicy students;
  students.name = "students";
  students.unix_group = "students";
  students.limits.max_gpus = gpus;
  config.groups.push_back(students);
  return config;
}

TEST(LimitsCache, LooksAUserUpOnceUntilTheConfigChangesOrTheEntryIsOld) {
  CountingDirectory users;
  ConfigHolder config(WithStudentGpus(2));
  FakeClock clock;
  LimitsCache cache(users, config, HostCapacity{64, 1ull << 40}, clock, std::chrono::seconds(60));
  EXPECT_EQ(cache.Of(1000).max_gpus, 2);
  EXPECT_EQ(cache.Of(1000).max_gpus, 2);
  EXPECT_EQ(users.lookups.load(), 1);

  clock.Advance(std::chrono::seconds(61));
  EXPECT_EQ(cache.Of(1000).max_gpus, 2);
  EXPECT_EQ(users.lookups.load(), 2) << "a changed group membership is seen within the minute";
}

TEST(LimitsCache, AReloadedConfigIsUsedAtOnce) {
  CountingDirectory users;
  char path[] = "/tmp/ds01-limits-cache-XXXXXX.yaml";
  const int fd = mkstemps(path, 5);
  ASSERT_GE(fd, 0);
  const std::string yaml = "groups:\n  students: {unix_group: students, max_gpus: 3}\n";
  ASSERT_EQ(write(fd, yaml.data(), yaml.size()), static_cast<ssize_t>(yaml.size()));
  close(fd);
  ConfigHolder config(WithStudentGpus(2));
  FakeClock clock;
  LimitsCache cache(users, config, HostCapacity{64, 1ull << 40}, clock);
  EXPECT_EQ(cache.Of(1000).max_gpus, 2);
  ASSERT_TRUE(config.Reload(path).ok());
  EXPECT_EQ(cache.Of(1000).max_gpus, 3);
  unlink(path);
}

TEST(LimitsCache, LimitsAreClampedToTheHostAndAStrangerGetsTheDefaults) {
  CountingDirectory users;
  ConfigHolder config(WithStudentGpus(2));
  FakeClock clock;
  LimitsCache cache(users, config, HostCapacity{2, 4ull << 30}, clock);
  EXPECT_LE(cache.Of(1000).cpus, 2.0);
  EXPECT_EQ(cache.Of(4242).max_gpus, Limits{}.max_gpus);
}

}  // namespace
}  // namespace ds01::policy
