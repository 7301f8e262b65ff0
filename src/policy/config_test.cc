#include "policy/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "policy/test_files.h"

namespace ds01::policy {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using ::testing::HasSubstr;

constexpr char kSource[] = "/etc/ds01/ds01.yaml";

// DESIGN.md §7, verbatim.
constexpr char kDesignExample[] =
    R"(gpus:                      # only where NVML is absent: a declared (simulated) inventory
  - {model: "NVIDIA A100-SXM4-80GB", memory: 80G}
  - {model: "NVIDIA A100-SXM4-80GB", memory: 80G, mig: [3g.40gb, 2g.20gb, 2g.20gb]}
defaults:
  max_gpus: 1              # GPU-equivalents across all the user's containers
  max_gpus_per_container: 1
  allow_full_gpu: true
  max_containers: 3
  memory: 64G
  cpus: 8
  shm_size: 16G
  pids_limit: 4096
  gpu_hold_after_stop: 15m
  container_hold_after_stop: 24h
  idle_timeout: 2h
  max_runtime: 7d
groups:
  researcher: {unix_group: ds01-researchers, max_gpus: 2, max_gpus_per_container: 2}
  faculty: {members: [carol, dave], max_gpus: 4}
  admin: {unix_group: ds01-admins, admin: true}
users:
  alice: {max_gpus: 4}
workspaces: {root: "/home/{user}/workspace", shared_readonly: ["/data/shared"]}
frameworks:                # project init templates: framework -> base image
  pytorch: aime/pytorch:2.8.0-cuda12.4
  minimal: debian:bookworm-slim
)";

Result<Config> Parse(const std::string& text) { return ParseConfig(text, kSource); }

// The full "message. Fix: hint" of a config that must be refused.
std::string Refusal(const std::string& text) {
  auto config = Parse(text);
  EXPECT_FALSE(config.ok()) << "accepted:\n" << text;
  if (config.ok()) return "";
  EXPECT_EQ(config.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(config.error().hint.empty()) << config.error().message;
  return config.error().ToString();
}

TEST(ParseConfig, LoadsTheDesignExampleAsIs) {
  auto config = Parse(kDesignExample);
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  EXPECT_EQ(config->source, kSource);

  ASSERT_EQ(config->gpus.size(), 2u);
  EXPECT_EQ(config->gpus[0].model, "NVIDIA A100-SXM4-80GB");
  EXPECT_EQ(config->gpus[0].memory_bytes, 80ull << 30);
  EXPECT_TRUE(config->gpus[0].mig_profiles.empty());
  EXPECT_EQ(config->gpus[1].mig_profiles,
            (std::vector<std::string>{"3g.40gb", "2g.20gb", "2g.20gb"}));

  const Limits& d = config->defaults;
  EXPECT_EQ(d.max_gpus, 1.0);
  EXPECT_EQ(d.max_gpus_per_container, 1.0);
  EXPECT_TRUE(d.allow_full_gpu);
  EXPECT_EQ(d.max_containers, 3);
  EXPECT_EQ(d.memory_bytes, 64ull << 30);
  EXPECT_EQ(d.cpus, 8.0);
  EXPECT_EQ(d.shm_size_bytes, 16ull << 30);
  EXPECT_EQ(d.pids_limit, 4096);
  EXPECT_EQ(d.gpu_hold_after_stop, minutes(15));
  EXPECT_EQ(d.container_hold_after_stop, hours(24));
  EXPECT_EQ(d.idle_timeout, hours(2));
  EXPECT_EQ(d.max_runtime, hours(7 * 24));
  EXPECT_FALSE(d.admin);

  ASSERT_EQ(config->groups.size(), 3u);
  EXPECT_EQ(config->groups[0].name, "researcher");
  EXPECT_EQ(config->groups[0].unix_group, "ds01-researchers");
  EXPECT_EQ(config->groups[0].limits.max_gpus, 2.0);
  EXPECT_EQ(config->groups[0].limits.max_gpus_per_container, 2.0);
  EXPECT_FALSE(config->groups[0].limits.memory_bytes.has_value());
  EXPECT_FALSE(config->groups[0].admin);
  EXPECT_EQ(config->groups[1].name, "faculty");
  EXPECT_EQ(config->groups[1].members, (std::vector<std::string>{"carol", "dave"}));
  EXPECT_EQ(config->groups[1].limits.max_gpus, 4.0);
  EXPECT_EQ(config->groups[2].name, "admin");
  EXPECT_TRUE(config->groups[2].admin);

  ASSERT_EQ(config->users.count("alice"), 1u);
  EXPECT_EQ(config->users.at("alice").max_gpus, 4.0);
  EXPECT_FALSE(config->users.at("alice").cpus.has_value());

  EXPECT_EQ(config->workspaces.root, "/home/{user}/workspace");
  EXPECT_EQ(config->workspaces.RootFor("alice"), "/home/alice/workspace");
  EXPECT_EQ(config->workspaces.shared_readonly, (std::vector<std::string>{"/data/shared"}));
  EXPECT_EQ(config->frameworks.at("pytorch"), "aime/pytorch:2.8.0-cuda12.4");
  EXPECT_EQ(config->frameworks.at("minimal"), "debian:bookworm-slim");
}

TEST(ParseConfig, EmptyFileMeansBuiltInDefaults) {
  auto config = Parse("# nothing configured yet\n");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  EXPECT_EQ(config->defaults.max_gpus, Limits{}.max_gpus);
  EXPECT_EQ(config->defaults.gpu_hold_after_stop, Limits{}.gpu_hold_after_stop);
  EXPECT_TRUE(config->gpus.empty());
  EXPECT_TRUE(config->groups.empty());
  EXPECT_EQ(config->workspaces.root, "/home/{user}/workspace");
  EXPECT_TRUE(config->security.run_as_user);
  EXPECT_FALSE(config->security.allow_privileged);
}

TEST(ParseConfig, ReadsEveryDefaultsKey) {
  auto config = Parse(R"(defaults:
  max_gpus: 0.5
  max_gpus_per_container: 0.25
  allow_full_gpu: false
  max_containers: 0
  memory: 512M
  cpus: 1.5
  shm_size: 1G
  pids_limit: 100
  gpu_hold_after_stop: 0
  container_hold_after_stop: 90s
  idle_timeout: 30m
  max_runtime: 1d
)");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  const Limits& d = config->defaults;
  EXPECT_EQ(d.max_gpus, 0.5);
  EXPECT_EQ(d.max_gpus_per_container, 0.25);
  EXPECT_FALSE(d.allow_full_gpu);
  EXPECT_EQ(d.max_containers, 0);
  EXPECT_EQ(d.memory_bytes, 512ull << 20);
  EXPECT_EQ(d.cpus, 1.5);
  EXPECT_EQ(d.shm_size_bytes, 1ull << 30);
  EXPECT_EQ(d.pids_limit, 100);
  EXPECT_EQ(d.gpu_hold_after_stop, seconds(0));
  EXPECT_EQ(d.container_hold_after_stop, seconds(90));
  EXPECT_EQ(d.idle_timeout, minutes(30));
  EXPECT_EQ(d.max_runtime, hours(24));
}

TEST(ParseConfig, UnsetDefaultsKeepTheBuiltInValues) {
  auto config = Parse("defaults: {max_gpus: 2}\n");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  EXPECT_EQ(config->defaults.max_gpus, 2.0);
  EXPECT_EQ(config->defaults.memory_bytes, Limits{}.memory_bytes);
  EXPECT_EQ(config->defaults.max_runtime, Limits{}.max_runtime);
}

TEST(ParseConfig, ZeroDurationMeansZeroNotForever) {
  auto config = Parse("defaults: {gpu_hold_after_stop: 0, idle_timeout: 0s}\n");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  EXPECT_EQ(config->defaults.gpu_hold_after_stop, seconds(0));
  EXPECT_EQ(config->defaults.idle_timeout, seconds(0));
}

TEST(ParseConfig, DurationWithoutUnitNamesFileLineAndKey) {
  auto config = Parse("defaults:\n  max_gpus: 1\n  gpu_hold_after_stop: 15\n");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(config.error().message,
            "/etc/ds01/ds01.yaml:3: defaults.gpu_hold_after_stop: invalid duration '15': "
            "missing unit");
  EXPECT_THAT(config.error().hint, HasSubstr("15m"));
}

TEST(ParseConfig, RefusesBadDurations) {
  EXPECT_THAT(Refusal("defaults: {idle_timeout: 2x}\n"),
              HasSubstr(":1: defaults.idle_timeout: invalid duration '2x'"));
  EXPECT_THAT(Refusal("defaults: {max_runtime: 1.5d}\n"),
              HasSubstr("defaults.max_runtime: invalid duration"));
  EXPECT_THAT(Refusal("defaults: {container_hold_after_stop: [1h]}\n"),
              HasSubstr("defaults.container_hold_after_stop: expected a value such as 15m"));
}

TEST(ParseConfig, RefusesBadSizes) {
  EXPECT_THAT(Refusal("defaults:\n  memory: 64Q\n"),
              HasSubstr("/etc/ds01/ds01.yaml:2: defaults.memory: invalid size '64Q'"));
  EXPECT_THAT(Refusal("defaults: {shm_size: lots}\n"),
              HasSubstr("defaults.shm_size: invalid size 'lots'"));
  EXPECT_THAT(Refusal("defaults: {memory: 0}\n"),
              HasSubstr("defaults.memory: must be greater than 0"));
  EXPECT_THAT(Refusal("gpus: [{model: X, memory: 1.5G}]\n"),
              HasSubstr("gpus[0].memory: invalid size"));
}

TEST(ParseConfig, RefusesNegativeNumbers) {
  EXPECT_THAT(Refusal("defaults: {max_gpus: -1}\n"),
              HasSubstr("defaults.max_gpus: must not be negative (got -1)"));
  EXPECT_THAT(Refusal("groups: {g: {members: [a], max_containers: -2}}\n"),
              HasSubstr("groups.g.max_containers: must not be negative (got -2)"));
  EXPECT_THAT(Refusal("users: {bob: {memory: -5G}}\n"),
              HasSubstr("users.bob.memory: must not be negative (got -5G)"));
  EXPECT_THAT(Refusal("defaults: {gpu_hold_after_stop: -3m}\n"),
              HasSubstr("defaults.gpu_hold_after_stop: must not be negative (got -3m)"));
}

TEST(ParseConfig, RefusesZeroWhereAPositiveValueIsNeeded) {
  EXPECT_THAT(Refusal("defaults: {cpus: 0}\n"), HasSubstr("defaults.cpus: must be greater than 0"));
  EXPECT_THAT(Refusal("defaults: {pids_limit: 0}\n"),
              HasSubstr("defaults.pids_limit: must be greater than 0"));
}

TEST(ParseConfig, AcceptsZeroGpusAndContainers) {
  auto config = Parse("users: {guest: {max_gpus: 0, max_containers: 0}}\n");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  EXPECT_EQ(config->users.at("guest").max_gpus, 0.0);
  EXPECT_EQ(config->users.at("guest").max_containers, 0);
}

TEST(ParseConfig, RefusesWrongTypes) {
  EXPECT_THAT(Refusal("defaults: {max_gpus: two}\n"),
              HasSubstr("defaults.max_gpus: expected a number, got 'two'"));
  EXPECT_THAT(
      Refusal("defaults: {max_gpus: \"2\"}\n"),
      HasSubstr("defaults.max_gpus: expected a number such as 2 or 0.5, got the string '2'"));
  EXPECT_THAT(Refusal("defaults: {max_gpus: .inf}\n"), HasSubstr("expected a number"));
  EXPECT_THAT(Refusal("defaults: {max_containers: 2.5}\n"),
              HasSubstr("defaults.max_containers: expected a whole number, got '2.5'"));
  EXPECT_THAT(Refusal("defaults: {pids_limit: 99999999999999999999}\n"),
              HasSubstr("defaults.pids_limit: expected a whole number"));
  EXPECT_THAT(Refusal("defaults: {allow_full_gpu: yes}\n"),
              HasSubstr("defaults.allow_full_gpu: expected true or false, got 'yes'"));
  EXPECT_THAT(Refusal("defaults: {cpus: [8]}\n"), HasSubstr("defaults.cpus: expected a number"));
  EXPECT_THAT(Refusal("defaults: {max_gpus: }\n"), HasSubstr("defaults.max_gpus: missing value"));
  EXPECT_THAT(Refusal("defaults: 5\n"), HasSubstr(":1: defaults: expected a mapping"));
  EXPECT_THAT(Refusal("gpus: {model: X}\n"), HasSubstr("gpus: expected a list"));
  EXPECT_THAT(Refusal("groups: {f: {members: carol}}\n"),
              HasSubstr("groups.f.members: expected a list"));
  EXPECT_THAT(Refusal("groups: {f: {members: [[carol]]}}\n"),
              HasSubstr("groups.f.members[0]: expected a string"));
  EXPECT_THAT(Refusal("frameworks: {pytorch: [a, b]}\n"),
              HasSubstr("frameworks.pytorch: expected a string"));
  EXPECT_THAT(Refusal("- just\n- a list\n"), HasSubstr("the file must be a mapping"));
}

TEST(ParseConfig, RefusesUnknownKeysAtEveryLevel) {
  EXPECT_THAT(Refusal("default: {max_gpus: 1}\n"), HasSubstr(":1: default: unknown key 'default'"));
  EXPECT_THAT(Refusal("defaults:\n  max_gpu: 1\n"),
              HasSubstr(":2: defaults.max_gpu: unknown key 'max_gpu'. Fix: remove it, or use one "
                        "of: max_gpus, max_gpus_per_container"));
  EXPECT_THAT(Refusal("groups: {g: {members: [a], colour: red}}\n"),
              HasSubstr("groups.g.colour: unknown key 'colour'"));
  EXPECT_THAT(Refusal("users: {alice: {gpus: 4}}\n"), HasSubstr("users.alice.gpus: unknown key"));
  EXPECT_THAT(Refusal("workspaces: {roots: [/x]}\n"),
              HasSubstr("workspaces.roots: unknown key 'roots'. Fix: remove it, or use one of: "
                        "root, shared_readonly, bind_targets"));
  EXPECT_THAT(Refusal("security: {allow_everything: true}\n"),
              HasSubstr("security.allow_everything: unknown key"));
  EXPECT_THAT(Refusal("gpus: [{model: X, vendor: nvidia}]\n"),
              HasSubstr("gpus[0].vendor: unknown key 'vendor'"));
}

TEST(ParseConfig, RefusesDuplicateKeys) {
  EXPECT_THAT(Refusal("defaults:\n  max_gpus: 1\n  max_gpus: 2\n"),
              HasSubstr(":3: defaults.max_gpus: duplicate key"));
  EXPECT_THAT(Refusal("users: {a: {}}\nusers: {b: {}}\n"), HasSubstr(":2: users: duplicate key"));
}

TEST(ParseConfig, ErrorsPointAtTheLineOfNestedKeys) {
  EXPECT_THAT(Refusal(R"(defaults:
  max_gpus: 1
groups:
  researcher:
    unix_group: ds01-researchers
    max_gpus: 2
    idle_timeout: soon
)"),
              HasSubstr("/etc/ds01/ds01.yaml:7: groups.researcher.idle_timeout: invalid duration "
                        "'soon'"));
}

TEST(ParseConfig, RefusesInvalidYamlWithItsLine) {
  EXPECT_THAT(Refusal("defaults:\n  max_gpus: [1,\n  cpus: 2\n"),
              HasSubstr("/etc/ds01/ds01.yaml:"));
  auto config = Parse("a: [1,\nb: 2");
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.error().message, HasSubstr("ds01.yaml:2: invalid YAML"));
}

TEST(ParseConfig, GroupNeedsUnixGroupOrMembers) {
  EXPECT_THAT(Refusal("groups:\n  orphans: {max_gpus: 2}\n"),
              HasSubstr(":2: groups.orphans: neither unix_group nor members is set"));
  EXPECT_THAT(Refusal("groups:\n  empty: {members: []}\n"),
              HasSubstr("groups.empty: neither unix_group nor members is set"));
  EXPECT_THAT(Refusal("groups:\n  bare:\n"), HasSubstr("groups.bare: neither unix_group"));
  EXPECT_THAT(Refusal("groups: {g: {unix_group: \"\"}}\n"),
              HasSubstr("groups.g.unix_group: must not be empty"));
}

TEST(ParseConfig, GroupMayUseBothUnixGroupAndMembers) {
  auto config = Parse("groups: {g: {unix_group: staff, members: [erin], admin: false}}\n");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  EXPECT_EQ(config->groups[0].unix_group, "staff");
  EXPECT_EQ(config->groups[0].members, std::vector<std::string>{"erin"});
}

TEST(ParseConfig, AdminIsGrantedOnlyThroughGroups) {
  EXPECT_THAT(Refusal("defaults: {admin: true}\n"),
              HasSubstr("defaults.admin: admin cannot be set here. Fix: grant admin through a "
                        "group"));
  EXPECT_THAT(Refusal("users: {mallory: {admin: true}}\n"),
              HasSubstr("users.mallory.admin: admin cannot be set here"));
  EXPECT_THAT(Refusal("groups: {a: {unix_group: x, admin: maybe}}\n"),
              HasSubstr("groups.a.admin: expected true or false"));
}

TEST(ParseConfig, ReadsGroupLimitKeys) {
  auto config = Parse(R"(groups:
  big:
    unix_group: big
    memory: 128G
    cpus: 32
    allow_full_gpu: false
    max_runtime: 14d
)");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  const LimitOverrides& limits = config->groups[0].limits;
  EXPECT_EQ(limits.memory_bytes, 128ull << 30);
  EXPECT_EQ(limits.cpus, 32.0);
  EXPECT_EQ(limits.allow_full_gpu, false);
  EXPECT_EQ(limits.max_runtime, hours(14 * 24));
  EXPECT_FALSE(limits.max_gpus.has_value());
}

TEST(ParseConfig, ReadsWorkspaces) {
  auto config =
      Parse("workspaces:\n  root: /srv/ws/{user}/files\n  shared_readonly: [/data/a, /data/b]\n");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  EXPECT_EQ(config->workspaces.RootFor("bob"), "/srv/ws/bob/files");
  EXPECT_EQ(config->workspaces.shared_readonly, (std::vector<std::string>{"/data/a", "/data/b"}));
}

TEST(ParseConfig, NormalisesRootsAndReadsBindTargets) {
  auto config = Parse(
      "workspaces:\n  root: /srv//ws/./{user}/\n  shared_readonly: [/data/x/../a]\n"
      "  bind_targets: [/scratch/]\n");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  EXPECT_EQ(config->workspaces.root, "/srv/ws/{user}");
  EXPECT_EQ(config->workspaces.shared_readonly, (std::vector<std::string>{"/data/a"}));
  EXPECT_EQ(config->workspaces.bind_targets, (std::vector<std::string>{"/scratch"}));
}

TEST(ParseConfig, RefusesRootsUnderTmpAndTheWholeHost) {
  EXPECT_THAT(Refusal("workspaces: {root: \"/tmp/{user}\"}\n"),
              HasSubstr("workspaces.root: '/tmp/{user}' is under /tmp or /var/tmp"));
  EXPECT_THAT(Refusal("workspaces: {root: \"/var/tmp/ws/{user}\"}\n"),
              HasSubstr("is under /tmp or /var/tmp"));
  EXPECT_THAT(Refusal("workspaces: {shared_readonly: [/tmp/../tmp/data]}\n"),
              HasSubstr("workspaces.shared_readonly[0]: '/tmp/../tmp/data' is under /tmp"));
  EXPECT_THAT(Refusal("workspaces: {shared_readonly: [/]}\n"),
              HasSubstr("'/' would make the whole host mountable"));
}

TEST(ParseConfig, RefusesBindTargetsOverSystemPaths) {
  EXPECT_THAT(Refusal("workspaces: {bind_targets: [/usr/lib/x86_64-linux-gnu]}\n"),
              HasSubstr("workspaces.bind_targets[0]: '/usr/lib/x86_64-linux-gnu' is a system "
                        "path"));
  EXPECT_THAT(Refusal("workspaces: {bind_targets: [/]}\n"), HasSubstr("is a system path"));
  EXPECT_THAT(Refusal("workspaces: {bind_targets: [scratch]}\n"),
              HasSubstr("workspaces.bind_targets[0]: bind target 'scratch' is not an absolute"));
}

TEST(ParseConfig, RefusesBadWorkspaces) {
  EXPECT_THAT(Refusal("workspaces: {root: \"home/{user}\"}\n"),
              HasSubstr("workspaces.root: 'home/{user}' is not an absolute path"));
  EXPECT_THAT(Refusal("workspaces:\n  root: /srv/shared\n"),
              HasSubstr("workspaces.root: '/srv/shared' has no {user} placeholder"));
  EXPECT_THAT(Refusal("workspaces: {root: \"/srv/{user}/{project}\"}\n"),
              HasSubstr("has a placeholder other than {user}"));
  EXPECT_THAT(Refusal("workspaces: {shared_readonly: [data]}\n"),
              HasSubstr("workspaces.shared_readonly[0]: 'data' is not an absolute path"));
}

TEST(ParseConfig, SecurityDefaultsToTheSafeSide) {
  auto config = Parse("security: {}\n");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  const SecurityPolicy& s = config->security;
  EXPECT_FALSE(s.allow_privileged);
  EXPECT_FALSE(s.allow_capabilities);
  EXPECT_FALSE(s.allow_devices);
  EXPECT_FALSE(s.allow_host_network);
  EXPECT_FALSE(s.allow_host_pid);
  EXPECT_FALSE(s.allow_host_ipc);
  EXPECT_TRUE(s.run_as_user);
}

TEST(ParseConfig, ReadsEverySecurityKey) {
  auto config = Parse(R"(security:
  allow_privileged: true
  allow_capabilities: true
  allow_devices: true
  allow_host_network: true
  allow_host_pid: true
  allow_host_ipc: true
  run_as_user: false
)");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  const SecurityPolicy& s = config->security;
  EXPECT_TRUE(s.allow_privileged);
  EXPECT_TRUE(s.allow_capabilities);
  EXPECT_TRUE(s.allow_devices);
  EXPECT_TRUE(s.allow_host_network);
  EXPECT_TRUE(s.allow_host_pid);
  EXPECT_TRUE(s.allow_host_ipc);
  EXPECT_FALSE(s.run_as_user);
  EXPECT_THAT(Refusal("security: {allow_privileged: \"true\"}\n"),
              HasSubstr("security.allow_privileged: expected true or false, got the string"));
}

TEST(ParseConfig, ReadsGpusWithoutMemory) {
  auto config = Parse("gpus:\n  - model: Simulated GPU\n");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  ASSERT_EQ(config->gpus.size(), 1u);
  EXPECT_EQ(config->gpus[0].model, "Simulated GPU");
  EXPECT_EQ(config->gpus[0].memory_bytes, 0u);
}

TEST(ParseConfig, RefusesBadGpus) {
  EXPECT_THAT(Refusal("gpus:\n  - {memory: 80G}\n"), HasSubstr(":2: gpus[0]: model is missing"));
  EXPECT_THAT(Refusal("gpus: [{model: X, mig: [3g.40gb, big]}]\n"),
              HasSubstr("gpus[0].mig[1]: \"big\" is not a MIG profile"));
  EXPECT_THAT(Refusal("gpus: [{model: X, mig: [4g.40gb, 4g.40gb]}]\n"),
              HasSubstr("gpus[0].mig[1]: the MIG profiles use more than 7 compute slices"));
  EXPECT_THAT(Refusal("gpus: [{model: X, mig: [1c.3g.40gb]}]\n"),
              HasSubstr("gpus[0].mig[0]: '1c.3g.40gb' is a compute-instance profile"));
  EXPECT_THAT(Refusal("gpus:\n  - model: X\n    mig: [7g.80gb]\n    memory: 40G\n"),
              HasSubstr(":3: gpus[0].mig[0]: MIG profile 7g.80gb needs more memory than the GPU"));
  EXPECT_THAT(Refusal("gpus: [A100]\n"), HasSubstr("gpus[0]: expected a mapping"));
}

TEST(ParseConfig, AcceptsEveryMigProfileShape) {
  auto config = Parse("gpus: [{model: X, mig: [1g.10gb, 1g.10gb+me, 1g.20gb, 4g.40gb]}]\n");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  EXPECT_EQ(config->gpus[0].mig_profiles.size(), 4u);
}

TEST(ParseConfig, RefusesBadFrameworks) {
  EXPECT_THAT(Refusal("frameworks: {pytorch: }\n"), HasSubstr("frameworks.pytorch: missing value"));
  EXPECT_THAT(Refusal("frameworks: {pytorch: \"aime/pytorch latest\"}\n"),
              HasSubstr("frameworks.pytorch: image 'aime/pytorch latest' contains whitespace"));
}

TEST(ParseConfig, ReadsTheNetworkSection) {
  auto defaults = Parse("");
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->network.ports_first, 20000);
  EXPECT_EQ(defaults->network.ports_per_user, 10);
  EXPECT_FALSE(defaults->network.public_ports);
  EXPECT_TRUE(defaults->network.networks.empty());
  auto config = Parse(
      "network: {networks: [lab-net], ports: {first: 30000, per_user: 20}, public_ports: true}\n");
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  EXPECT_EQ(config->network.networks, std::vector<std::string>{"lab-net"});
  EXPECT_EQ(config->network.ports_first, 30000);
  EXPECT_EQ(config->network.ports_per_user, 20);
  EXPECT_TRUE(config->network.public_ports);
}

TEST(ParseConfig, RefusesAPortRangeAmongTheHostsServicesAndTheHostNetworkAsANamedOne) {
  EXPECT_THAT(Refusal("network: {ports: {first: 80}}\n"),
              HasSubstr("network.ports: ports.first must be from 1024 to 65535"));
  EXPECT_THAT(Refusal("network: {ports: {per_user: 0}}\n"),
              HasSubstr("network.ports.per_user: must be greater than 0"));
  EXPECT_THAT(Refusal("network: {networks: [host]}\n"), HasSubstr("security.allow_host_network"));
  EXPECT_THAT(Refusal("network: {port_range: 1}\n"), HasSubstr("unknown key 'port_range'"));
}

TEST(LoadConfig, NamesTheFileInErrors) {
  testing::TempDir dir;
  std::string path = dir.WriteFile("ds01.yaml", "defaults:\n  memory: 64Q\n");
  auto config = LoadConfig(path);
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().message.rfind(path + ":2: defaults.memory: invalid size", 0), 0u)
      << config.error().message;
}

TEST(LoadConfig, ReadsAFile) {
  testing::TempDir dir;
  std::string path = dir.WriteFile("ds01.yaml", kDesignExample);
  auto config = LoadConfig(path);
  ASSERT_TRUE(config.ok()) << config.error().ToString();
  EXPECT_EQ(config->source, path);
  EXPECT_EQ(config->groups.size(), 3u);
}

TEST(LoadConfig, MissingFileIsNotFound) {
  testing::TempDir dir;
  auto config = LoadConfig(dir.path("absent.yaml"));
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().code, ErrorCode::kNotFound);
  EXPECT_THAT(config.error().message, HasSubstr(dir.path("absent.yaml")));
  EXPECT_THAT(config.error().hint, HasSubstr("--config"));
}

TEST(LoadConfig, DirectoryIsRefused) {
  testing::TempDir dir;
  auto config = LoadConfig(dir.path());
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(config.error().message, HasSubstr("Is a directory"));
}

}  // namespace
}  // namespace ds01::policy
