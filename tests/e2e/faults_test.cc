// The state filesystem runs full while users create, start, stop and remove containers: the
// engine acts, the database cannot record it. Once the disk has room again, ds01d's repair
// brings the records and the engine back into agreement — no GPU kept by a container that no
// longer exists, no container the records do not know — within a minute.
#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "tests/e2e/support/e2e_fixture.h"

namespace ds01::e2e {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class StateDiskFullTest : public E2eTest {
 protected:
  void Configure(TestConfig& config) override { config.gpu_hold_after_stop = "1h"; }

  void PrepareStateDirectory(const std::string& dir) override {
    state_dir_ = dir;
    std::filesystem::create_directories(dir);
    ASSERT_EQ(mount("tmpfs", dir.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, "size=16m,mode=0700"), 0)
        << "mounting a small tmpfs at " << dir << ": " << strerror(errno);
  }

  void TearDown() override {
    E2eTest::TearDown();
    if (!state_dir_.empty()) {
      umount2(state_dir_.c_str(), MNT_DETACH);
      std::error_code ignored;
      std::filesystem::remove_all(std::filesystem::path(state_dir_).parent_path(), ignored);
    }
  }

  // Writes a file until the filesystem refuses another byte.
  void FillDisk() {
    const int fd = open(Filler().c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    ASSERT_GE(fd, 0) << strerror(errno);
    const std::string block(1 << 20, '\0');
    for (std::size_t size = block.size(); size > 0; size /= 2) {
      while (write(fd, block.data(), size) == static_cast<ssize_t>(size)) {
      }
    }
    EXPECT_EQ(write(fd, block.data(), 1), -1);
    EXPECT_EQ(errno, ENOSPC);
    close(fd);
  }

  void FreeDisk() { std::filesystem::remove(Filler()); }

  std::string Filler() const { return state_dir_ + "/filler"; }

  void RunningWithGpu(int user_n, const std::string& name) {
    CreatedWithGpu(user_n, name);
    CliOk(user(user_n), {"container-start", name});
  }

  void CreatedWithGpu(int user_n, const std::string& name) {
    CliOk(user(user_n),
          {"container-create", name, "--image=" + std::string(kBaseImage), "--gpu=1"});
  }

  // Empty when the records and the engine agree on every test user's container and every
  // claimed GPU belongs to a recorded container; otherwise what differs.
  std::string Disagreement() {
    std::map<std::string, std::string> recorded;  // Docker name → state
    int gpus_recorded = 0;
    for (const nlohmann::json& container : ListAll(admin())) {
      const uid_t uid = container["owner"]["uid"].get<uid_t>();
      recorded[DockerName(container["name"].get<std::string>(), uid)] =
          container["state"].get<std::string>();
      gpus_recorded += static_cast<int>(container["gpus"].size());
    }
    auto engine_side = engine().ManagedOf(test_uids());
    if (!engine_side.ok()) return engine_side.error().ToString();
    std::map<std::string, std::string> running;  // Docker name → engine state
    for (const docker::ContainerSummary& summary : *engine_side) {
      running[summary.name()] = summary.state;
    }
    static const std::map<std::string, std::string> kEngineStateOf = {
        {"created", "created"}, {"running", "running"}, {"stopped", "exited"}};
    std::string differences;
    for (const auto& [name, state] : recorded) {
      const auto found = running.find(name);
      if (found == running.end()) {
        differences += name + " is recorded but not in the engine; ";
      } else if (kEngineStateOf.count(state) == 0 || kEngineStateOf.at(state) != found->second) {
        differences +=
            name + " is recorded " + state + ", the engine has it " + found->second + "; ";
      }
    }
    for (const auto& [name, state] : running) {
      if (recorded.count(name) == 0) differences += name + " is in the engine, not recorded; ";
    }
    int gpus_taken = 0;
    const nlohmann::json inventory = Gpus(admin());
    for (const nlohmann::json& gpu : inventory["gpus"]) {
      for (const nlohmann::json& slot : gpu["slots"]) gpus_taken += slot.value("taken", false);
    }
    if (gpus_taken != gpus_recorded) {
      differences += std::to_string(gpus_taken) + " GPUs are taken, " +
                     std::to_string(gpus_recorded) + " recorded with containers; ";
    }
    return differences;
  }

  std::string state_dir_;
};

bool StorageFault(const http::Response& answer) {
  return answer.status == 503 && answer.body.find("is full") != std::string::npos;
}

TEST_F(StateDiskFullTest, ChangesTheDatabaseCouldNotRecordAreRepairedOnceTheDiskHasRoom) {
  RunningWithGpu(1, "to-stop");
  RunningWithGpu(1, "to-remove");
  CreatedWithGpu(2, "to-start");
  RunningWithGpu(2, "stopped-to-remove");
  CliOk(user(2), {"container-stop", "stopped-to-remove"});
  ASSERT_EQ(Disagreement(), "");

  ASSERT_NO_FATAL_FAILURE(FillDisk());
  int faults = 0;
  faults += StorageFault(Api(user(1), "POST", "/v1/containers/to-stop/stop"));
  faults +=
      StorageFault(Api(user(1), "POST", "/v1/containers/to-remove/remove", R"({"stop":true})"));
  faults += StorageFault(Api(user(2), "POST", "/v1/containers/to-start/start"));
  faults += StorageFault(Api(user(2), "POST", "/v1/containers/stopped-to-remove/remove", "{}"));
  faults +=
      StorageFault(Api(user(3), "POST", "/v1/containers",
                       R"({"name":"new","image":")" + std::string(kBaseImage) + R"(","gpus":1})"));
  // A commit may still fit in the last page the log had begun; the rest cannot.
  EXPECT_GE(faults, 3) << "the full disk should have refused most of these writes";
  const std::string while_full = Disagreement();
  EXPECT_NE(while_full, "") << "the engine acted on a change the records could not keep";

  FreeDisk();
  std::string last;
  EXPECT_TRUE(Eventually(
      [&] {
        last = Disagreement();
        return last.empty();
      },
      seconds(60), milliseconds(500)))
      << "a minute after the disk had room: " << last << "\n(while full: " << while_full << ")";
  EXPECT_FALSE(Listed(user(1), "to-remove").has_value());
  EXPECT_FALSE(Listed(user(2), "stopped-to-remove").has_value());
  std::optional<nlohmann::json> stopped = Listed(user(1), "to-stop");
  ASSERT_TRUE(stopped.has_value());
  EXPECT_EQ((*stopped)["state"], "stopped");
  EXPECT_EQ((*stopped)["gpu_state"], "held") << "its hold is kept as for any stop";

  // And ds01d writes again: the disk's earlier refusals left nothing stuck.
  CliOk(user(2), {"container-start", "to-start"});
  CliOk(user(3), {"container-create", "again", "--image=" + std::string(kBaseImage), "--gpu=1"});
  EXPECT_EQ(Disagreement(), "");
}

}  // namespace
}  // namespace ds01::e2e
