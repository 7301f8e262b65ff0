#include "policy/limits.h"

#include <gtest/gtest.h>

#include "policy/config.h"
#include "policy/identity.h"

namespace ds01::policy {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

Config MustParse(const std::string& text) {
  auto config = ParseConfig(text, "test.yaml");
  EXPECT_TRUE(config.ok()) << config.error().ToString();
  return config.ok() ? std::move(config).value() : Config{};
}

Identity User(std::string name, std::vector<std::string> unix_groups = {}) {
  return Identity{1000, 1000, std::move(name), std::move(unix_groups)};
}

constexpr char kConfig[] = R"(defaults:
  max_gpus: 1
  max_gpus_per_container: 1
  allow_full_gpu: false
  memory: 64G
  cpus: 8
  gpu_hold_after_stop: 15m
groups:
  student: {unix_group: ds01-students, max_gpus: 0.5, memory: 32G}
  researcher: {unix_group: ds01-researchers, max_gpus: 2, max_gpus_per_container: 2}
  faculty: {members: [carol, dave], max_gpus: 4, memory: 48G, allow_full_gpu: true,
            gpu_hold_after_stop: 1h}
  admin: {unix_group: ds01-admins, admin: true}
users:
  alice: {max_gpus: 3}
  dave: {memory: 16G}
)";

TEST(EffectiveLimits, DefaultsApplyToUsersInNoGroup) {
  Config config = MustParse(kConfig);
  Limits limits = EffectiveLimits(config, User("nobody", {"users"}));
  EXPECT_EQ(limits.max_gpus, 1.0);
  EXPECT_EQ(limits.memory_bytes, 64ull << 30);
  EXPECT_FALSE(limits.allow_full_gpu);
  EXPECT_FALSE(limits.admin);
  EXPECT_EQ(limits.pids_limit, Limits{}.pids_limit);  // built in, not set in the file
}

TEST(EffectiveLimits, GroupOverridesDefaultsEvenWhenSmaller) {
  Config config = MustParse(kConfig);
  Limits limits = EffectiveLimits(config, User("sam", {"sam", "ds01-students"}));
  EXPECT_EQ(limits.max_gpus, 0.5);
  EXPECT_EQ(limits.memory_bytes, 32ull << 30);
  EXPECT_EQ(limits.cpus, 8.0);  // not set by the group: the default
}

TEST(EffectiveLimits, UserOverridesGroupsEvenWhenSmaller) {
  Config config = MustParse(kConfig);
  Limits limits = EffectiveLimits(config, User("dave"));
  EXPECT_EQ(limits.memory_bytes, 16ull << 30);  // user entry beats faculty's 48G
  EXPECT_EQ(limits.max_gpus, 4.0);              // faculty, the user entry does not set it
}

TEST(EffectiveLimits, UserOverridesDefaultsWithoutAnyGroup) {
  Config config = MustParse(kConfig);
  Limits limits = EffectiveLimits(config, User("alice"));
  EXPECT_EQ(limits.max_gpus, 3.0);
  EXPECT_EQ(limits.max_gpus_per_container, 1.0);
}

TEST(EffectiveLimits, UserEntryBeatsEveryGroup) {
  Config config = MustParse(kConfig);
  Limits limits = EffectiveLimits(config, User("alice", {"ds01-researchers"}));
  EXPECT_EQ(limits.max_gpus, 3.0);                // user, although researcher gives 2
  EXPECT_EQ(limits.max_gpus_per_container, 2.0);  // researcher
}

TEST(EffectiveLimits, MostGenerousGroupWinsKeyByKey) {
  Config config = MustParse(kConfig);
  // carol: faculty by membership, student and researcher by Unix group.
  Limits limits =
      EffectiveLimits(config, User("carol", {"carol", "ds01-students", "ds01-researchers"}));
  EXPECT_EQ(limits.max_gpus, 4.0);                  // faculty beats 2 and 0.5
  EXPECT_EQ(limits.max_gpus_per_container, 2.0);    // researcher, the only group setting it
  EXPECT_EQ(limits.memory_bytes, 48ull << 30);      // faculty beats student's 32G
  EXPECT_TRUE(limits.allow_full_gpu);               // true beats the default false
  EXPECT_EQ(limits.gpu_hold_after_stop, hours(1));  // longer hold is more generous
}

TEST(EffectiveLimits, MostGenerousDoesNotDependOnGroupOrder) {
  Config forward = MustParse(
      "groups:\n  a: {members: [u], max_gpus: 1, cpus: 16}\n  b: {members: [u], max_gpus: 3, "
      "cpus: 4}\n");
  Config backward = MustParse(
      "groups:\n  b: {members: [u], max_gpus: 3, cpus: 4}\n  a: {members: [u], max_gpus: 1, "
      "cpus: 16}\n");
  for (const Config* config : {&forward, &backward}) {
    Limits limits = EffectiveLimits(*config, User("u"));
    EXPECT_EQ(limits.max_gpus, 3.0);
    EXPECT_EQ(limits.cpus, 16.0);
  }
}

TEST(EffectiveLimits, FalseFromEveryGroupOverridesATrueDefault) {
  Config config = MustParse(
      "defaults: {allow_full_gpu: true}\ngroups: {mig_only: {members: [u], allow_full_gpu: "
      "false}}\n");
  EXPECT_FALSE(EffectiveLimits(config, User("u")).allow_full_gpu);
  EXPECT_TRUE(EffectiveLimits(config, User("v")).allow_full_gpu);
}

TEST(EffectiveLimits, AdminComesFromAnAdminGroup) {
  Config config = MustParse(kConfig);
  EXPECT_TRUE(EffectiveLimits(config, User("root", {"root", "ds01-admins"})).admin);
  EXPECT_FALSE(EffectiveLimits(config, User("carol", {"ds01-researchers"})).admin);
}

TEST(EffectiveLimits, AdminFromMembersList) {
  Config config = MustParse("groups: {ops: {members: [erin], admin: true}}\n");
  EXPECT_TRUE(EffectiveLimits(config, User("erin")).admin);
  EXPECT_FALSE(EffectiveLimits(config, User("erin2")).admin);
}

TEST(GroupsOf, MatchesByUnixGroupOrMembersInFileOrder) {
  Config config = MustParse(kConfig);
  auto groups = GroupsOf(config, User("carol", {"ds01-admins", "ds01-students"}));
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0]->name, "student");
  EXPECT_EQ(groups[1]->name, "faculty");
  EXPECT_EQ(groups[2]->name, "admin");
  EXPECT_TRUE(GroupsOf(config, User("mallory", {"ds01-student", "carol"})).empty());
}

TEST(EffectiveLimits, WorksWithIdentityFromADirectory) {
  FixedUserDirectory directory;
  directory.Add(Identity{1001, 1001, "bob", {"bob", "ds01-researchers"}});
  auto bob = directory.Lookup(1001);
  ASSERT_TRUE(bob.ok());
  Limits limits = EffectiveLimits(MustParse(kConfig), *bob);
  EXPECT_EQ(limits.max_gpus, 2.0);
  EXPECT_EQ(limits.gpu_hold_after_stop, minutes(15));
}

TEST(ClampToHost, LimitsAboveTheHostAreTheHost) {
  Limits limits;  // cpus 8, memory 64G, shm 16G
  Limits clamped = ClampToHost(limits, HostCapacity{2, 8ull << 30});
  EXPECT_EQ(clamped.cpus, 2);
  EXPECT_EQ(clamped.memory_bytes, 8ull << 30);
  EXPECT_EQ(clamped.shm_size_bytes, 8ull << 30);
  EXPECT_EQ(clamped.max_gpus, limits.max_gpus);
  Limits small;
  small.cpus = 1;
  small.memory_bytes = 1ull << 30;
  EXPECT_EQ(ClampToHost(small, HostCapacity{2, 8ull << 30}).cpus, 1);
  EXPECT_EQ(ClampToHost(small, HostCapacity{2, 8ull << 30}).memory_bytes, 1ull << 30);
  EXPECT_EQ(ClampToHost(limits, HostCapacity{}).cpus, 8) << "an unknown host clamps nothing";
}

}  // namespace
}  // namespace ds01::policy
