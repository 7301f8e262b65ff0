// ds01d as a service: it tells systemd when it is ready, its socket is world-connectable,
// SIGTERM stops it cleanly, SIGHUP reloads the config (keeping the last good one), and
// `ds01d --check` reports on every part it needs.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <fstream>
#include <thread>

#include "tests/e2e/support/e2e_fixture.h"

namespace ds01::e2e {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class DaemonTest : public E2eTest {
 protected:
  // `ds01d --check` against this test's config, state directory and engine, as root.
  ProcessResult Check(const std::string& config_path) {
    const DaemonOptions& options = daemon().options();
    ProcessSpec spec;
    spec.path = options.binary;
    spec.argv = {options.binary,  "--check",
                 "--config",      config_path,
                 "--state-dir",   options.state_dir,
                 "--docker-host", options.docker_host,
                 "--socket",      work_dir() + "/check.sock"};
    spec.env = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8"};
    spec.env.insert(spec.env.end(), options.extra_env.begin(), options.extra_env.end());
    spec.timeout = seconds(60);
    Result<ProcessResult> ran = RunProcess(spec);
    EXPECT_TRUE(ran.ok()) << ran.error().ToString();
    return ran.ok() ? *ran : ProcessResult{};
  }
};

TEST_F(DaemonTest, TellsSystemdItIsReady) {
  EXPECT_TRUE(notify().WaitFor("READY=1", seconds(5)))
      << "no READY=1 on NOTIFY_SOCKET; the unit is Type=notify";
}

TEST_F(DaemonTest, TheSocketIsWorldConnectable) {
  struct stat info {};
  ASSERT_EQ(stat(socket_path().c_str(), &info), 0);
  EXPECT_TRUE(S_ISSOCK(info.st_mode));
  EXPECT_EQ(info.st_mode & 0666, 0666u);
}

TEST_F(DaemonTest, SigtermShutsItDownCleanly) {
  CliOk(user(1), {"container-create", "survivor", "--image=" + std::string(kBaseImage), "--gpu=1"});
  Result<int> status = daemon().Terminate(seconds(15));
  ASSERT_TRUE(status.ok()) << status.error().ToString();
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << "wait status " << *status << "\n"
                                                               << daemon().LogTail();
  Result<bool> kept = engine().Exists(DockerName("survivor", user(1).uid));
  ASSERT_TRUE(kept.ok());
  EXPECT_TRUE(*kept) << "stopping the daemon leaves users' containers alone";
  ProcessResult down = Cli(user(1), {"container-list"}, seconds(10));
  EXPECT_EQ(down.exit_code, 5) << down.Describe();

  Status restarted = RestartDaemon();
  ASSERT_TRUE(restarted.ok()) << restarted.error().ToString();
  EXPECT_TRUE(Listed(user(1), "survivor").has_value());
}

TEST_F(DaemonTest, SighupReloadsTheConfigAndKeepsTheLastGoodOne) {
  const std::string image = "--image=" + std::string(kBaseImage);
  TestConfig tighter = config();
  tighter.max_gpus = 1;
  RewriteConfig(tighter);
  ASSERT_EQ(kill(daemon().pid(), SIGHUP), 0);
  CliOk(user(1), {"container-create", "first", image, "--gpu=1"});
  bool reloaded = Eventually(
      [&] {
        ProcessResult second = Cli(user(1), {"container-create", "second", image, "--gpu=1"});
        if (second.exit_code == 0) CliOk(user(1), {"container-remove", "second"});
        return second.exit_code == 4;
      },
      seconds(5), milliseconds(200));
  EXPECT_TRUE(reloaded) << "max_gpus: 1 never took effect after SIGHUP";

  {
    std::ofstream broken(work_dir() + "/ds01.yaml");
    broken << "defaults:\n  max_gpus: lots\n";
  }
  ASSERT_EQ(kill(daemon().pid(), SIGHUP), 0);
  std::this_thread::sleep_for(seconds(1));
  EXPECT_TRUE(daemon().running()) << "a bad config on reload must not stop the daemon\n"
                                  << daemon().LogTail();
  ProcessResult still = Cli(user(1), {"container-create", "third", image, "--gpu=1"});
  EXPECT_EQ(still.exit_code, 4) << "the last good config (max_gpus: 1) still applies\n"
                                << still.Describe();
  EXPECT_NE(daemon().LogTail().find("max_gpus"), std::string::npos) << "the log names the bad key\n"
                                                                    << daemon().LogTail();
}

TEST_F(DaemonTest, CheckReportsEveryPartAndPasses) {
  ProcessResult check = Check(daemon().options().config);
  EXPECT_EQ(check.exit_code, 0) << check.Describe();
  std::string report = check.out + check.err;
  for (const char* part : {"config", "engine", "NVIDIA", "GPU", "simulated", "state"}) {
    EXPECT_NE(report.find(part), std::string::npos)
        << "the report does not mention " << part << "\n"
        << report;
  }
}

TEST_F(DaemonTest, CheckFailsOnABadConfigAndNamesTheLine) {
  std::string bad = work_dir() + "/bad.yaml";
  {
    std::ofstream file(bad);
    file << "defaults:\n  max_gpus: 1\n  gpu_hold_after_stop: 15\n";
  }
  ProcessResult check = Check(bad);
  EXPECT_NE(check.exit_code, 0) << check.Describe();
  std::string report = check.out + check.err;
  EXPECT_NE(report.find("bad.yaml:3"), std::string::npos) << report;
  EXPECT_NE(report.find("gpu_hold_after_stop"), std::string::npos) << report;
}

TEST_F(DaemonTest, GpusShowsTheSimulatedInventory) {
  nlohmann::json gpus = Gpus(user(1));
  EXPECT_TRUE(gpus.value("simulated", false)) << gpus.dump();
  EXPECT_EQ(gpus.value("gpus", nlohmann::json::array()).size(), 8u) << gpus.dump();
  ProcessResult text = CliOk(user(1), {"gpus"});
  EXPECT_NE(text.out.find("simulated"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("Simulated E2E GPU"), std::string::npos) << text.out;
}

TEST_F(DaemonTest, StatsShowTheUsersRunningContainers) {
  CliOk(user(1), {"container-create", "busy", "--image=" + std::string(kBaseImage), "--gpu=1"});
  CliOk(user(1), {"container-start", "busy"});
  ProcessResult stats = CliOk(user(1), {"container-stats"});
  EXPECT_NE(stats.out.find("busy"), std::string::npos) << stats.out;
  EXPECT_NE(stats.out.find("CPU %"), std::string::npos) << stats.out;
  ProcessResult others = CliOk(user(2), {"container-stats"});
  EXPECT_EQ(others.out.find("busy"), std::string::npos) << others.out;
}

}  // namespace
}  // namespace ds01::e2e
