#include "policy/validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "policy/host_path.h"
#include "policy/test_files.h"

namespace ds01::policy {
namespace {

using ::testing::HasSubstr;

class ValidationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto base = NormalizePath(dir_.path(), "test directory");
    ASSERT_TRUE(base.ok());
    base_ = *base;
    workspace_ = dir_.MakeDir("home/alice/workspace");
    dir_.MakeDir("home/alice/workspace/project");
    dir_.MakeDir("home/bob/workspace/secrets");
    shared_ = dir_.MakeDir("data/shared");
    dir_.MakeDir("data/shared/imagenet");
    dir_.MakeDir("outside");
    dir_.MakeDir("run");
    engine_socket_ = dir_.MakeSocket("run/engine.sock");
    daemon_socket_ = dir_.MakeSocket("run/ds01.sock");
    config_.workspaces.root = base_ + "/home/{user}/workspace";
    config_.workspaces.shared_readonly = {shared_};
    request_.image = "ds01-1000/thesis:latest";
  }

  Result<CreateRequest> Validate() {
    RequestValidator validator(ProtectedSockets{engine_socket_, daemon_socket_});
    return validator.Validate(request_, config_, limits_, alice_);
  }

  // Asserts that the request is refused with `code`, a message containing `message` and a hint.
  void ExpectRefused(ErrorCode code, const std::string& message) {
    auto result = Validate();
    ASSERT_FALSE(result.ok()) << "accepted";
    EXPECT_EQ(result.error().code, code) << result.error().ToString();
    EXPECT_THAT(result.error().message, HasSubstr(message));
    EXPECT_FALSE(result.error().hint.empty());
  }

  void Bind(const std::string& source, bool read_only = false) {
    request_.binds.push_back(BindMount{source, "/mnt", read_only});
  }

  testing::TempDir dir_;
  std::string base_, workspace_, shared_, engine_socket_, daemon_socket_;
  Config config_;
  Limits limits_;
  Identity alice_{1000, 1000, "alice", {"alice"}};
  CreateRequest request_;
};

TEST_F(ValidationTest, PlainRequestGetsTheLimitsAndTheUsersIds) {
  auto result = Validate();
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_EQ(result->image, "ds01-1000/thesis:latest");
  EXPECT_EQ(result->memory_bytes, limits_.memory_bytes);
  EXPECT_EQ(result->cpus, limits_.cpus);
  EXPECT_EQ(result->shm_size_bytes, limits_.shm_size_bytes);
  EXPECT_EQ(result->pids_limit, limits_.pids_limit);
  EXPECT_EQ(result->user, "1000:1000");
}

TEST_F(ValidationTest, RefusesAMissingImage) {
  request_.image = "";
  ExpectRefused(ErrorCode::kInvalidArgument, "no image given");
}

TEST_F(ValidationTest, BindInsideTheWorkspaceIsAcceptedAndWrittenPlainly) {
  Bind(workspace_ + "/./project/../project");
  request_.binds[0].target = "/mnt//data/";
  auto result = Validate();
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  ASSERT_EQ(result->binds.size(), 1u);
  EXPECT_EQ(result->binds[0].source, base_ + "/home/alice/workspace/project");
  EXPECT_EQ(result->binds[0].target, "/mnt/data");
  EXPECT_FALSE(result->binds[0].read_only);
}

TEST_F(ValidationTest, SymlinksAreNotFollowedHereButLeftToTheStager) {
  // Following a link as root would tell the caller where it points; core::BindStager opens the
  // source as its owner and refuses any symlink then.
  dir_.Symlink("home/alice/workspace/escape", base_ + "/outside");
  Bind(workspace_ + "/escape");
  auto result = Validate();
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_EQ(result->binds[0].source, workspace_ + "/escape");
}

TEST_F(ValidationTest, RefusesBindOutsideTheWorkspace) {
  Bind(base_ + "/outside");
  ExpectRefused(ErrorCode::kPermissionDenied, "is outside your workspace");
}

TEST_F(ValidationTest, RefusesDotDotEscapesWithTheSameWordsWhateverIsThere) {
  Bind(workspace_ + "/../../../outside");
  ExpectRefused(ErrorCode::kPermissionDenied, "outside your workspace " + workspace_);
  const std::string existing = Validate().error().message;
  request_.binds = {BindMount{workspace_ + "/../../bob/workspace/secrets", "/mnt", false}};
  ExpectRefused(ErrorCode::kPermissionDenied, "outside your workspace");
  request_.binds = {BindMount{workspace_ + "/../../bob/workspace/nothing-here", "/mnt", false}};
  const std::string missing = Validate().error().message;
  EXPECT_EQ(missing.substr(missing.find("' refused")), existing.substr(existing.find("' refused")));
}

TEST_F(ValidationTest, RefusesTheRootFilesystem) {
  Bind("/", true);
  ExpectRefused(ErrorCode::kPermissionDenied, "outside your workspace");
}

TEST_F(ValidationTest, RefusesADirectoryHoldingAProtectedSocket) {
  config_.workspaces.shared_readonly.push_back(base_ + "/run");
  Bind(base_ + "/run", true);
  ExpectRefused(ErrorCode::kPermissionDenied, "socket " + engine_socket_);
  request_.binds = {BindMount{daemon_socket_, "/mnt", true}};
  ExpectRefused(ErrorCode::kPermissionDenied, "socket " + daemon_socket_);
}

TEST_F(ValidationTest, RefusesTheSystemDockerSocketPaths) {
  Bind("/var/run/docker.sock");
  ExpectRefused(ErrorCode::kPermissionDenied, "outside your workspace");
  config_.workspaces.shared_readonly.push_back("/run");
  request_.binds = {BindMount{"/run", "/mnt/host-run", true}};
  ExpectRefused(ErrorCode::kPermissionDenied, "socket /run/docker.sock");
}

TEST_F(ValidationTest, RefusesTargetsOutsideTheMountPlaces) {
  request_.binds = {BindMount{workspace_, "/usr/lib/x86_64-linux-gnu", false}};
  ExpectRefused(ErrorCode::kPermissionDenied, "containers get mounts only under");
  request_.binds = {BindMount{workspace_, "/mnt/../etc", false}};
  ExpectRefused(ErrorCode::kPermissionDenied, "containers get mounts only under");
}

TEST_F(ValidationTest, SharedRootMountsReadOnly) {
  Bind(shared_ + "/imagenet", true);
  auto result = Validate();
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_TRUE(result->binds[0].read_only);
}

TEST_F(ValidationTest, RefusesSharedRootReadWrite) {
  Bind(shared_ + "/imagenet", false);
  ExpectRefused(ErrorCode::kPermissionDenied, "may be mounted read-only only");
  EXPECT_THAT(Validate().error().hint, HasSubstr("\"read_only\": true"));
}

TEST_F(ValidationTest, RefusesMalformedBinds) {
  Bind("home/alice/workspace");
  ExpectRefused(ErrorCode::kInvalidArgument, "is not an absolute path");
  request_.binds = {BindMount{workspace_, "mnt", false}};
  ExpectRefused(ErrorCode::kInvalidArgument, "target 'mnt' is not an absolute path");
}

TEST_F(ValidationTest, RefusesMoreBindsThanAContainerMayHave) {
  for (int i = 0; i < 33; ++i) Bind(workspace_ + "/project");
  ExpectRefused(ErrorCode::kInvalidArgument, "33 bind mounts asked for; at most 32");
  request_.binds.pop_back();
  EXPECT_TRUE(Validate().ok());
}

TEST_F(ValidationTest, AccountNameThatCannotNameAWorkspaceIsRefused) {
  alice_.user = "..";
  Bind(base_ + "/home/alice/workspace");
  ExpectRefused(ErrorCode::kPermissionDenied, "cannot name a workspace");
}

TEST_F(ValidationTest, PrivilegedOnlyWhereAllowed) {
  request_.privileged = true;
  ExpectRefused(ErrorCode::kPermissionDenied, "privileged mode refused");
  EXPECT_THAT(Validate().error().hint, HasSubstr("security.allow_privileged"));
  config_.security.allow_privileged = true;
  EXPECT_TRUE(Validate().ok());
}

TEST_F(ValidationTest, AddedCapabilitiesOnlyWhereAllowed) {
  request_.cap_add = {"SYS_ADMIN", "NET_ADMIN"};
  ExpectRefused(ErrorCode::kPermissionDenied, "adding capabilities (SYS_ADMIN, NET_ADMIN)");
  config_.security.allow_capabilities = true;
  EXPECT_TRUE(Validate().ok());
}

TEST_F(ValidationTest, DevicesOnlyWhereAllowedAndNeverAGpu) {
  request_.devices = {"/dev/fuse"};
  ExpectRefused(ErrorCode::kPermissionDenied, "host device '/dev/fuse' refused");
  config_.security.allow_devices = true;
  EXPECT_TRUE(Validate().ok());
  for (const char* gpu : {"/dev/nvidia0", "/dev/nvidiactl", "/dev/nvidia-uvm", "/dev/dri/card0",
                          "/dev/../dev/nvidia3"}) {
    request_.devices = {"/dev/fuse", gpu};
    ExpectRefused(ErrorCode::kPermissionDenied, "reaches a GPU");
  }
}

TEST_F(ValidationTest, HostNetworkOnlyWhereAllowed) {
  request_.network_mode = "host";
  ExpectRefused(ErrorCode::kPermissionDenied, "network mode 'host' refused");
  config_.security.allow_host_network = true;
  EXPECT_TRUE(Validate().ok());
}

TEST_F(ValidationTest, HostPidOnlyWhereAllowed) {
  request_.pid_mode = "host";
  ExpectRefused(ErrorCode::kPermissionDenied, "pid mode 'host' refused");
  config_.security.allow_host_pid = true;
  EXPECT_TRUE(Validate().ok());
}

TEST_F(ValidationTest, HostIpcOnlyWhereAllowed) {
  request_.ipc_mode = "host";
  ExpectRefused(ErrorCode::kPermissionDenied, "ipc mode 'host' refused");
  config_.security.allow_host_ipc = true;
  EXPECT_TRUE(Validate().ok());
}

TEST_F(ValidationTest, PrivateNamespaceModesAreAccepted) {
  request_.network_mode = "none";
  request_.ipc_mode = "shareable";
  EXPECT_TRUE(Validate().ok());
  request_.network_mode = "bridge";
  request_.ipc_mode = "private";
  EXPECT_TRUE(Validate().ok());
}

TEST_F(ValidationTest, ANamedNetworkOnlyWhereTheConfigListsIt) {
  request_.network_mode = "lab-net";
  ExpectRefused(ErrorCode::kPermissionDenied,
                "network 'lab-net' refused: containers here join bridge, none");
  config_.network.networks = {"lab-net"};
  EXPECT_TRUE(Validate().ok());
}

TEST_F(ValidationTest, PortsArePublishedOnLoopbackInsideTheCallersRange) {
  request_.ports = {PortRequest{8888, "tcp", 0, ""}};
  auto validated = Validate();
  ASSERT_TRUE(validated.ok()) << validated.error().ToString();
  EXPECT_EQ(validated->ports[0].host_ip, "127.0.0.1");
  request_.ports = {PortRequest{8888, "tcp", 80, ""}};
  ExpectRefused(ErrorCode::kPermissionDenied, "Host port 80 refused: your ports are");
}

TEST_F(ValidationTest, JoiningAnotherContainersNamespaceIsNeverAllowed) {
  config_.security.allow_host_network = true;
  config_.security.allow_host_pid = true;
  config_.security.allow_host_ipc = true;
  request_.network_mode = "container:bobs-job._.1001";
  ExpectRefused(ErrorCode::kPermissionDenied, "network 'container:bobs-job._.1001' refused");
  request_.network_mode = "";
  request_.pid_mode = "container:x";
  ExpectRefused(ErrorCode::kPermissionDenied, "pid mode 'container:x' refused");
  request_.pid_mode = "";
  request_.ipc_mode = "container:x";
  ExpectRefused(ErrorCode::kPermissionDenied, "ipc mode 'container:x' refused");
}

TEST_F(ValidationTest, ResourcesWithinTheLimitsAreKept) {
  request_.memory_bytes = 8ull << 30;
  request_.cpus = 0.5;
  request_.shm_size_bytes = 1ull << 30;
  request_.pids_limit = 512;
  auto result = Validate();
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_EQ(result->memory_bytes, 8ull << 30);
  EXPECT_EQ(result->cpus, 0.5);
  EXPECT_EQ(result->shm_size_bytes, 1ull << 30);
  EXPECT_EQ(result->pids_limit, 512);
}

TEST_F(ValidationTest, ResourcesAtExactlyTheLimitAreAccepted) {
  request_.memory_bytes = limits_.memory_bytes;
  request_.cpus = limits_.cpus;
  EXPECT_TRUE(Validate().ok());
}

TEST_F(ValidationTest, MemoryAboveTheLimitIsRefusedWithTheLimit) {
  request_.memory_bytes = 128ull << 30;
  ExpectRefused(ErrorCode::kLimitExceeded, "memory 128.0GiB is above your limit of 64.0GiB");
  EXPECT_THAT(Validate().error().hint, HasSubstr("at most 64.0GiB"));
}

TEST_F(ValidationTest, CpusAboveTheLimitIsRefusedWithTheLimit) {
  request_.cpus = 8.5;
  ExpectRefused(ErrorCode::kLimitExceeded, "cpus 8.5 is above your limit of 8");
}

TEST_F(ValidationTest, ShmAboveTheLimitIsRefusedWithTheLimit) {
  request_.shm_size_bytes = 32ull << 30;
  ExpectRefused(ErrorCode::kLimitExceeded, "shm_size 32.0GiB is above your limit of 16.0GiB");
}

TEST_F(ValidationTest, PidsAboveTheLimitIsRefusedWithTheLimit) {
  request_.pids_limit = 100000;
  ExpectRefused(ErrorCode::kLimitExceeded, "pids_limit 100000 is above your limit of 4096");
}

TEST_F(ValidationTest, UnlimitedOrZeroResourcesAreRefused) {
  request_.memory_bytes = 0;
  ExpectRefused(ErrorCode::kInvalidArgument, "memory must be greater than 0");
  request_.memory_bytes.reset();
  request_.pids_limit = -1;
  ExpectRefused(ErrorCode::kInvalidArgument, "pids_limit must be at least 1");
  request_.pids_limit.reset();
  request_.cpus = 0;
  ExpectRefused(ErrorCode::kInvalidArgument, "cpus must be a number of at least 0.01");
  request_.cpus = 1e-10;  // would round to 0, which the engine takes as no limit
  ExpectRefused(ErrorCode::kInvalidArgument, "cpus must be a number of at least 0.01");
  request_.cpus = 0.01;
  EXPECT_TRUE(Validate().ok());
}

TEST_F(ValidationTest, LimitsComeFromTheCallersEffectiveLimits) {
  limits_.memory_bytes = 4ull << 30;
  request_.memory_bytes = 8ull << 30;
  ExpectRefused(ErrorCode::kLimitExceeded, "above your limit of 4.0GiB");
}

TEST_F(ValidationTest, RefusesDs01Labels) {
  request_.labels = {{"project", "thesis"}, {"ds01.user", "bob"}};
  ExpectRefused(ErrorCode::kPermissionDenied, "label 'ds01.user' refused");
  request_.labels = {{"DS01.uid", "0"}};
  ExpectRefused(ErrorCode::kPermissionDenied, "label 'DS01.uid' refused");
}

TEST_F(ValidationTest, KeepsOtherLabels) {
  request_.labels = {{"project", "thesis"}, {"ds01x", "fine"}};
  auto result = Validate();
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_EQ(result->labels, request_.labels);
}

TEST_F(ValidationTest, DropsGpuVisibilityFromTheEnvironment) {
  request_.env = {{"NVIDIA_VISIBLE_DEVICES", "all"}, {"EPOCHS", "10"}};
  auto result = Validate();
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_EQ(result->env, (std::map<std::string, std::string>{{"EPOCHS", "10"}}));
}

TEST_F(ValidationTest, RefusesMalformedEnvironmentNames) {
  request_.env = {{"A=B", "c"}};
  ExpectRefused(ErrorCode::kInvalidArgument, "environment variable name 'A=B'");
  request_.env = {{"", "c"}};
  ExpectRefused(ErrorCode::kInvalidArgument, "environment variable name ''");
}

TEST_F(ValidationTest, ContainersRunAsTheCaller) {
  for (const char* own : {"", "1000", "1000:1000", "alice"}) {
    request_.user = own;
    auto result = Validate();
    ASSERT_TRUE(result.ok()) << own << ": " << result.error().ToString();
    EXPECT_EQ(result->user, "1000:1000");
  }
  for (const char* other : {"0", "root", "0:0", "1000:0", "1001"}) {
    request_.user = other;
    ExpectRefused(ErrorCode::kPermissionDenied,
                  "running as user '" + std::string(other) + "' refused");
  }
}

TEST_F(ValidationTest, OtherUsersOnlyWherePolicyAllows) {
  config_.security.run_as_user = false;
  request_.user = "0";
  auto result = Validate();
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_EQ(result->user, "0");
}

}  // namespace
}  // namespace ds01::policy
