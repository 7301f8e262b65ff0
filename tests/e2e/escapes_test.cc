// The ways out that a review found by attacking ds01d as an ordinary user (issue 8), each
// tried again as a real user against the real engine: a workspace root swapped for a symlink,
// a source swapped between create and start, a missing source, refusals that would tell what
// lies in another user's directory, root containers, and the state directory's mode.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "docker/containers.h"
#include "docker/exec.h"
#include "docker/images.h"
#include "store/sqlite.h"
#include "tests/e2e/support/e2e_fixture.h"

namespace ds01::e2e {
namespace {

class EscapesTest : public E2eTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(E2eTest::SetUp());
    ASSERT_TRUE(
        AsUser(user(1), "mkdir -p " + Project() + " && echo mine > " + Project() + "/notes.txt")
            .ok());
  }

  void TearDown() override {
    // Whatever a test swapped, the user's workspace is a plain directory again afterwards.
    const std::string workspace = user(1).workspace;
    struct stat info {};
    if (lstat(workspace.c_str(), &info) == 0 && S_ISLNK(info.st_mode)) {
      std::filesystem::remove(workspace);
      std::filesystem::rename(workspace + ".old", workspace);
    }
    std::error_code ignored;
    std::filesystem::remove_all(Project(), ignored);  // a link is removed, never followed
    std::filesystem::remove_all(Project() + ".old", ignored);
    E2eTest::TearDown();
  }

  std::string Project() const { return user(1).workspace + "/proj"; }

  // Runs a shell command as `who`, as that user would on the server.
  Status AsUser(const TestUser& who, const std::string& command) {
    ProcessSpec spec;
    spec.path = "/bin/sh";
    spec.argv = {"sh", "-c", command};
    spec.env = {"PATH=/usr/bin:/bin"};
    spec.as = who.credentials();
    auto ran = RunProcess(spec);
    if (!ran.ok()) return ran.error();
    if (ran->exit_code != 0) return MakeError(ErrorCode::kInternal, ran->Describe());
    return Ok();
  }

  // As user 1: moves the directory `path` aside (to path.old) and puts a symlink to /etc in
  // its place.
  void SwapForALink(const std::string& path) {
    ASSERT_TRUE(AsUser(user(1), "mv " + path + " " + path + ".old && ln -s /etc " + path).ok());
  }

  // container-start of user 1's `name` is refused (exit 4) for a symlink in a mount's path.
  void ExpectStartRefusedForALink(const std::string& name) {
    ProcessResult refused = Cli(user(1), {"container-start", name});
    EXPECT_EQ(refused.exit_code, 4) << refused.Describe();
    EXPECT_NE(refused.err.find("has a symlink in its path"), std::string::npos)
        << refused.Describe();
  }

  // Runs `command` inside user 1's running container `name`, as its configured user.
  docker::ExecResult InContainer(std::string_view name, const std::string& command) {
    docker::ExecSpec spec;
    spec.cmd = {"sh", "-c", command};
    auto ran = docker::ExecApi(engine().engine()).Run(DockerName(name, user(1).uid), spec);
    EXPECT_TRUE(ran.ok()) << ran.error().ToString();
    return ran.ok() ? *ran : docker::ExecResult{-1, "", ran.error().ToString()};
  }

  // True when the engine has user 1's container `name` (or cannot say).
  bool Exists(std::string_view name) {
    Result<bool> exists = engine().Exists(DockerName(name, user(1).uid));
    return !exists.ok() || *exists;
  }

  void CreateOverProject(const std::string& name) {
    CliOk(user(1), {"container-create", name, "--image=" + std::string(kBaseImage), "--gpu=0",
                    "--workspace=" + Project()});
  }
};

TEST_F(EscapesTest, AWorkspaceRootSwappedForASymlinkIsNeverFollowed) {
  const std::string workspace = user(1).workspace;
  ASSERT_NO_FATAL_FAILURE(SwapForALink(workspace));
  for (const std::string& path : {workspace, workspace + "/ssl"}) {
    ProcessResult refused =
        Cli(user(1), {"container-create", "root-link", "--image=" + std::string(kBaseImage),
                      "--gpu=0", "--workspace=" + path});
    EXPECT_EQ(refused.exit_code, 4) << refused.Describe();
    EXPECT_NE(refused.err.find("reached through a symlink"), std::string::npos)
        << refused.Describe();
    EXPECT_EQ(refused.err.find("/etc"), std::string::npos) << "never says where it points";
    EXPECT_FALSE(Exists("root-link"));
  }
}

TEST_F(EscapesTest, ASourceSwappedBetweenCreateAndStartIsNeverMounted) {
  CreateOverProject("swap");
  ASSERT_NO_FATAL_FAILURE(SwapForALink(Project()));
  ExpectStartRefusedForALink("swap");
  auto inspect = InspectOf(user(1), "swap");
  ASSERT_TRUE(inspect.ok());
  EXPECT_EQ(inspect->state.status, "created") << "the engine was never asked to start it";
  ASSERT_EQ(inspect->mounts.size(), 1u);
  EXPECT_EQ(inspect->mounts[0].source.find(user(1).workspace), std::string::npos)
      << "the engine mounts a staging path, never the user's: " << inspect->mounts[0].source;

  ASSERT_TRUE(
      AsUser(user(1), "rm " + Project() + " && mv " + Project() + ".old " + Project()).ok());
  CliOk(user(1), {"container-start", "swap"});
  EXPECT_EQ(InContainer("swap", "cat /workspace/notes.txt").out, "mine\n");
  EXPECT_NE(InContainer("swap", "cat /workspace/passwd").exit_code, 0);
}

class EscapesAfterAHoldTest : public EscapesTest {
 protected:
  void Configure(TestConfig& config) override { config.gpu_hold_after_stop = "1s"; }
};

TEST_F(EscapesAfterAHoldTest, ASourceSwappedBeforeARestartAfterTheHoldExpiredIsRefused) {
  CliOk(user(1), {"container-create", "held", "--image=" + std::string(kBaseImage), "--gpu=1",
                  "--workspace=" + Project()});
  CliOk(user(1), {"container-start", "held"});
  CliOk(user(1), {"container-stop", "held", "--force"});
  ASSERT_TRUE(Eventually(
      [&] { return Listed(user(1), "held").value_or(nullptr).value("gpu_state", "") == "none"; },
      std::chrono::seconds(10)))
      << "the hold never expired";
  ASSERT_NO_FATAL_FAILURE(SwapForALink(Project()));
  ExpectStartRefusedForALink("held");
  auto inspect = InspectOf(user(1), "held");
  ASSERT_TRUE(inspect.ok());
  EXPECT_NE(inspect->state.status, "running");
  std::filesystem::remove(Project());
  std::filesystem::rename(Project() + ".old", Project());
}

TEST_F(EscapesTest, AMissingSourceIsRefusedAndNothingIsCreatedForIt) {
  const std::string missing = user(1).workspace + "/nope/deeper";
  ProcessResult refused =
      Cli(user(1), {"container-create", "ghost", "--image=" + std::string(kBaseImage), "--gpu=0",
                    "--workspace=" + missing});
  EXPECT_EQ(refused.exit_code, 3) << refused.Describe();
  EXPECT_NE(refused.err.find(missing + " does not exist"), std::string::npos) << refused.Describe();
  EXPECT_NE(refused.err.find("mkdir -p"), std::string::npos) << refused.Describe();
  EXPECT_FALSE(std::filesystem::exists(user(1).workspace + "/nope"));
  EXPECT_FALSE(Exists("ghost"));
}

TEST_F(EscapesTest, RefusalsTellNothingAboutAnotherUsersFiles) {
  ASSERT_TRUE(AsUser(user(2), "mkdir -p " + user(2).workspace + "/secret && chmod 700 " +
                                  user(2).workspace + "/secret")
                  .ok());
  const std::string there = user(2).workspace + "/secret";
  const std::string nowhere = user(2).workspace + "/nothing-here";
  const std::string dotdot = user(1).workspace + "/../../" + user(2).name + "/workspace/secret";
  std::string first;
  for (const std::string& path : {there, nowhere, dotdot}) {
    ProcessResult refused =
        Cli(user(1), {"container-create", "peek", "--image=" + std::string(kBaseImage), "--gpu=0",
                      "--workspace=" + path});
    EXPECT_EQ(refused.exit_code, 4) << path << "\n" << refused.Describe();
    const std::string said = Anonymise(refused.err, path, "PATH");
    if (first.empty()) first = said;
    EXPECT_EQ(said, first) << "the refusal for " << path << " differs";
  }
}

TEST_F(EscapesTest, TheStateIsRootsAlone) {
  const std::filesystem::path state = work_dir() + "/state";
  struct stat info {};
  ASSERT_EQ(stat(state.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0700u);
  for (const char* file : {"ds01.db", "ds01.db-wal", "ds01.db-shm"}) {
    if (stat((state / file).c_str(), &info) != 0) continue;
    EXPECT_EQ(info.st_mode & 077, 0u) << file << " is readable by others";
  }
  EXPECT_FALSE(AsUser(user(1), "cat " + (state / "ds01.db").string() + " > /dev/null").ok());
}

class RootContainersTest : public EscapesTest {
 protected:
  void Configure(TestConfig& config) override { config.security = "run_as_user: false"; }
};

TEST_F(RootContainersTest, RootInAContainerCannotForgeOwnersDevicesOrPrivileges) {
  CreateOverProject("rooted");
  CliOk(user(1), {"container-start", "rooted"});
  EXPECT_EQ(InContainer("rooted", "id -u").out, "0\n") << "the container runs as root";
  EXPECT_EQ(InContainer("rooted", "grep NoNewPrivs /proc/self/status").out, "NoNewPrivs:\t1\n");
  EXPECT_NE(InContainer("rooted", "touch /workspace/f && chown 4321 /workspace/f").exit_code, 0)
      << "chown to another user";
  EXPECT_NE(InContainer("rooted", "mknod /workspace/mem c 1 1").exit_code, 0) << "a device node";
  // CAP_CHOWN, FOWNER, FSETID, SETGID, SETUID, MKNOD and SETFCAP (bits 0, 3, 4, 6, 7, 27, 31).
  const std::string status = InContainer("rooted", "grep CapEff /proc/self/status").out;
  const unsigned long long effective =
      std::stoull(status.substr(status.find('\t') + 1), nullptr, 16);
  for (int bit : {0, 3, 4, 6, 7, 27, 31}) {
    EXPECT_EQ(effective & (1ull << bit), 0u) << "capability bit " << bit << " in " << status;
  }
  EXPECT_FALSE(std::filesystem::exists(Project() + "/mem"));
}

TEST_F(EscapesTest, AnotherUsersProjectImageAnswersExactlyAsAMissingImage) {
  // User 2 has a project image (the base image tagged as theirs); user 1 asks for it, for one
  // nobody has, for an image outside the allow-list, and for user 2's image by its id.
  docker::ImageApi images(engine().engine());
  const std::string theirs = "ds01-" + std::to_string(user(2).uid) + "/secret";
  ASSERT_TRUE(images.Tag(kBaseImage, theirs, "latest").ok());
  auto base = images.Inspect(kBaseImage);
  ASSERT_TRUE(base.ok());
  const std::string id = base->id.substr(std::string("sha256:").size(), 12);
  const std::string nobodys = "ds01-" + std::to_string(user(2).uid) + "/nothing:latest";
  auto refusal = [&](const std::string& image) {
    ProcessResult refused =
        Cli(user(1), {"container-create", "borrow", "--image=" + image, "--gpu=0"});
    EXPECT_EQ(refused.exit_code, 3) << image << "\n" << refused.Describe();
    EXPECT_FALSE(Exists("borrow"));
    return Anonymise(refused.err, image, "IMAGE");
  };
  const std::string missing = refusal(nobodys);
  EXPECT_NE(missing.find("does not exist"), std::string::npos) << missing;
  EXPECT_EQ(refusal(theirs + ":latest"), missing);
  EXPECT_EQ(refusal("busybox:unlisted"), missing);
  EXPECT_EQ(refusal(id), missing);
  (void)images.Remove(theirs + ":latest");
}

TEST_F(EscapesTest, ALabelNamedLikeAnEventAttributeDoesNotRewriteTheAudit) {
  const std::string body = R"({"name":"spoof","image":")" + std::string(kBaseImage) +
                           R"(","gpus":0,"labels":{"exitCode":"0, a clean exit"}})";
  http::Response created = Api(user(1), "POST", "/v1/containers", body);
  ASSERT_EQ(created.status, 201) << created.body;
  CliOk(user(1), {"container-start", "spoof"});
  ASSERT_TRUE(docker::ContainerApi(engine().engine()).Kill(DockerName("spoof", user(1).uid)).ok());
  ASSERT_TRUE(Eventually(
      [&] { return Listed(user(1), "spoof").value_or(nullptr).value("state", "") == "stopped"; },
      std::chrono::seconds(5)));
  auto db = store::Connection::Open(work_dir() + "/state/ds01.db", std::chrono::seconds(5));
  ASSERT_TRUE(db.ok()) << db.error().ToString();
  auto query = (*db)->Prepare(
      "SELECT detail FROM audit_events WHERE action = 'stop' AND actor = 'ds01d' AND target = ? "
      "ORDER BY id DESC LIMIT 1");
  ASSERT_TRUE(query.ok());
  query->Bind(user(1).name + "/spoof");
  auto row = query->Step();
  ASSERT_TRUE(row.ok() && *row) << "no stop by ds01d in the audit";
  EXPECT_EQ(query->Text(0).rfind("its process exited with code 137", 0), 0u) << query->Text(0);
}

class DevicesAllowedTest : public EscapesTest {
 protected:
  void Configure(TestConfig& config) override { config.security = "allow_devices: true"; }
};

TEST_F(DevicesAllowedTest, AGpuDeviceIsRefusedEvenWhereDevicesAreAllowed) {
  for (const char* device : {"/dev/nvidia0", "/dev/nvidiactl", "/dev/dri/card0"}) {
    const std::string body = R"({"name":"gpu-by-hand","image":")" + std::string(kBaseImage) +
                             R"(","gpus":0,"devices":[")" + device + R"("]})";
    http::Response answer = Api(user(1), "POST", "/v1/containers", body);
    EXPECT_EQ(answer.status, 403) << device << ": " << answer.body;
    EXPECT_NE(answer.body.find("reaches a GPU"), std::string::npos) << answer.body;
    EXPECT_FALSE(Exists("gpu-by-hand"));
  }
}

}  // namespace
}  // namespace ds01::e2e
