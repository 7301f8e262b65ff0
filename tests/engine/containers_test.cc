// The container endpoints against the real engine: each test checks the effect on the engine
// (inspect, the process inside, cgroup files), not just the HTTP status.
#include "docker/containers.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "docker/exec.h"
#include "docker/system.h"
#include "tests/engine/support/engine_fixture.h"

namespace ds01::docker {
namespace {

using engine_test::EngineTest;
using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::steady_clock;
using testing::HasSubstr;

constexpr char kLoop[] = "i=0; while true; do echo line$i; i=$((i+1)); sleep 0.1; done";

class ContainersEngineTest : public EngineTest {
 protected:
  ContainerApi api() { return ContainerApi(engine()); }

  ContainerSpec Spec(std::string_view purpose, std::vector<std::string> cmd) {
    ContainerSpec spec;
    spec.name = engine_test::UniqueName(purpose);
    spec.image = std::string(engine_test::kBaseImage);
    spec.cmd = std::move(cmd);
    return spec;
  }

  // Creates the container and registers its removal; "" (and a failure) when it cannot.
  std::string Create(const ContainerSpec& spec) {
    Result<CreatedContainer> created = api().Create(spec);
    EXPECT_TRUE(created.ok()) << created.error().ToString();
    if (!created.ok()) return {};
    cleanup().Container(created->id);
    return created->id;
  }

  std::string Run(const ContainerSpec& spec) {
    std::string id = Create(spec);
    Status started = api().Start(id);
    EXPECT_TRUE(started.ok()) << started.error().ToString();
    return id;
  }

  ExecResult Exec(const std::string& id, std::vector<std::string> cmd) {
    ExecSpec spec;
    spec.cmd = std::move(cmd);
    Result<ExecResult> result = ExecApi(engine()).Run(id, spec);
    EXPECT_TRUE(result.ok()) << result.error().ToString();
    return result.ok() ? *result : ExecResult{-1, "", ""};
  }

  std::string Shell(const std::string& id, const std::string& script) {
    return Exec(id, {"sh", "-c", script}).out;
  }

  ContainerState State(const std::string& id) {
    Result<ContainerInspect> inspect = api().Inspect(id);
    EXPECT_TRUE(inspect.ok()) << inspect.error().ToString();
    return inspect.ok() ? inspect->state : ContainerState{};
  }

  CollectedOutput Logs(const std::string& id, const LogsOptions& options) {
    Result<std::unique_ptr<OutputStream>> logs = api().Logs(id, options);
    EXPECT_TRUE(logs.ok()) << logs.error().ToString();
    if (!logs.ok()) return {};
    Result<CollectedOutput> all = (*logs)->ReadAll();
    EXPECT_TRUE(all.ok()) << all.error().ToString();
    return all.ok() ? *all : CollectedOutput{};
  }

  // A host directory with one file, removed after the test.
  std::string HostDirWithFile(const std::string& content) {
    std::string dir = "/tmp/" + engine_test::UniqueName("bind");
    std::filesystem::create_directories(dir);
    std::ofstream(dir + "/hello.txt") << content;
    std::filesystem::permissions(dir, std::filesystem::perms::all);
    cleanup().Add([dir] { std::filesystem::remove_all(dir); });
    return dir;
  }
};

TEST_F(ContainersEngineTest, CreateAppliesEverySeedOption) {
  std::string network = engine_test::UniqueName("net");
  ASSERT_TRUE(engine().Call("POST", "/networks/create", R"({"Name":")" + network + R"("})").ok());
  cleanup().Network(network);
  std::string data = HostDirWithFile("from host");
  std::string config = HostDirWithFile("config");

  ContainerSpec spec = Spec("seed", {"sleep", "300"});
  spec.hostname = "seedhost";
  spec.env = {{"DEBUG", "1"}, {"DB_URL", "sqlite:///data.db"}};
  spec.working_dir = "/workspace";
  spec.user = "1000:1000";
  spec.labels = {{"app", "web"}, {"version", "1.0"}};
  spec.binds = {data + ":/data:rw"};
  Mount config_mount;
  config_mount.source = config;
  config_mount.target = "/config";
  config_mount.read_only = true;
  spec.mounts = {config_mount};
  spec.tmpfs = {{"/scratch", "size=8m,mode=1777"}};
  spec.read_only_rootfs = true;
  spec.ports = {{"8000/tcp", "127.0.0.1", ""}};
  spec.network = network;
  spec.network_aliases = {"seed-alias"};
  spec.restart_policy = RestartPolicy{"on-failure", 3};
  spec.init = true;
  spec.stop_signal = "SIGINT";
  spec.memory_bytes = 64 << 20;
  spec.nano_cpus = 500'000'000;
  spec.shm_size_bytes = 32 << 20;
  spec.pids_limit = 64;
  spec.healthcheck = Healthcheck{{"CMD", "true"}, seconds(1), seconds(2), {}, 2};
  std::string id = Run(spec);

  Result<ContainerInspect> inspect = api().Inspect(id);
  ASSERT_TRUE(inspect.ok()) << inspect.error().ToString();
  EXPECT_EQ(inspect->name, spec.name);
  EXPECT_EQ(inspect->hostname, "seedhost");
  EXPECT_EQ(inspect->user, "1000:1000");
  EXPECT_EQ(inspect->labels, spec.labels);
  EXPECT_EQ(inspect->restart_policy.name, "on-failure");
  EXPECT_EQ(inspect->restart_policy.maximum_retry_count, 3);
  EXPECT_TRUE(inspect->init);
  EXPECT_EQ(inspect->stop_signal, "SIGINT");
  EXPECT_EQ(inspect->raw["Config"]["Healthcheck"]["Interval"], 1'000'000'000);
  const nlohmann::json& ports = inspect->raw["NetworkSettings"]["Ports"]["8000/tcp"];
  ASSERT_TRUE(ports.is_array() && !ports.empty()) << inspect->raw["NetworkSettings"].dump();
  EXPECT_EQ(ports[0]["HostIp"], "127.0.0.1");
  EXPECT_NE(ports[0]["HostPort"], "");
  EXPECT_THAT(inspect->raw["NetworkSettings"]["Networks"][network]["Aliases"].dump(),
              HasSubstr("seed-alias"));

  // Inside the container.
  EXPECT_EQ(Shell(id, "hostname"), "seedhost\n");
  EXPECT_EQ(Shell(id, "echo $DEBUG $DB_URL"), "1 sqlite:///data.db\n");
  EXPECT_EQ(Shell(id, "pwd"), "/workspace\n");
  EXPECT_EQ(Shell(id, "id -u; id -g"), "1000\n1000\n");
  EXPECT_EQ(Shell(id, "cat /data/hello.txt"), "from host");
  EXPECT_NE(Exec(id, {"touch", "/config/x"}).exit_code, 0) << "the mount is read-only";
  EXPECT_NE(Exec(id, {"touch", "/rootfs-file"}).exit_code, 0) << "the rootfs is read-only";
  EXPECT_EQ(Exec(id, {"touch", "/scratch/x"}).exit_code, 0) << "the tmpfs is writable";
  EXPECT_THAT(Shell(id, "grep ' /scratch ' /proc/mounts"), HasSubstr("tmpfs rw"));
  EXPECT_THAT(Shell(id, "grep ' /scratch ' /proc/mounts"), HasSubstr("size=8192k"));
  EXPECT_EQ(Shell(id, "cat /sys/fs/cgroup/memory/memory.limit_in_bytes"), "67108864\n");
  EXPECT_EQ(Shell(id, "cat /sys/fs/cgroup/pids/pids.max"), "64\n");
  EXPECT_EQ(Shell(id, "cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us"), "50000\n");
  EXPECT_THAT(Shell(id, "df -k /dev/shm | tail -n 1"), HasSubstr("32768"));
  EXPECT_THAT(Shell(id, "cat /proc/1/cmdline"), HasSubstr("docker-init"));

  std::string health;
  for (auto deadline = steady_clock::now() + seconds(15); steady_clock::now() < deadline;) {
    ContainerState state = State(id);
    health = state.health ? state.health->status : "none";
    if (health == "healthy") break;
    std::this_thread::sleep_for(milliseconds(200));
  }
  EXPECT_EQ(health, "healthy");
}

TEST_F(ContainersEngineTest, AutoRemovedContainerIsGoneAfterItExits) {
  ContainerSpec spec = Spec("autorm", {"true"});
  spec.auto_remove = true;
  std::string id = Create(spec);
  Result<std::unique_ptr<WaitStream>> removed = api().StartWait(id, WaitCondition::kRemoved);
  ASSERT_TRUE(removed.ok()) << removed.error().ToString();
  ASSERT_TRUE(api().Start(id).ok());
  Result<std::optional<WaitResult>> result = (*removed)->Next();
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  ASSERT_TRUE(result->has_value());
  EXPECT_EQ((*result)->status_code, 0);
  EXPECT_EQ(api().Inspect(id).error().code, ErrorCode::kNotFound);
}

TEST_F(ContainersEngineTest, GpuRequestIsStoredAndRefusedAtStartWithoutNvidia) {
  Result<SystemInfo> info = SystemApi(engine()).Info();
  ASSERT_TRUE(info.ok());
  ContainerSpec spec = Spec("gpu", {"true"});
  DeviceRequest gpus;
  gpus.driver = "nvidia";
  gpus.device_ids = {"GPU-00000000-0000-0000-0000-000000000000"};
  gpus.capabilities = {{"gpu"}};
  spec.device_requests = {gpus};
  std::string id = Create(spec);
  Result<ContainerInspect> inspect = api().Inspect(id);
  ASSERT_TRUE(inspect.ok());
  ASSERT_EQ(inspect->device_requests.size(), 1u);
  EXPECT_EQ(inspect->device_requests[0].driver, "nvidia");
  EXPECT_EQ(inspect->device_requests[0].device_ids, gpus.device_ids);
  EXPECT_EQ(inspect->device_requests[0].capabilities, gpus.capabilities);

  Status started = api().Start(id);
  ASSERT_FALSE(started.ok()) << "no GPU has that UUID";
  if (!info->has_nvidia_runtime) {
    EXPECT_EQ(started.error().code, ErrorCode::kInternal);
    EXPECT_THAT(started.error().message, HasSubstr("could not select device driver"));
    EXPECT_EQ(State(id).status, "created");
  }
}

TEST_F(ContainersEngineTest, LifecycleMovesThroughEveryState) {
  std::string id = Create(Spec("life", {"sleep", "300"}));
  EXPECT_EQ(State(id).status, "created");
  ASSERT_TRUE(api().Start(id).ok());
  EXPECT_EQ(State(id).status, "running");
  EXPECT_TRUE(api().Start(id).ok()) << "starting a running container is fine";
  ASSERT_TRUE(api().Pause(id).ok());
  EXPECT_EQ(engine_test::StatusSoon(engine(), id, "paused"), "paused");
  ASSERT_TRUE(api().Unpause(id).ok());
  EXPECT_EQ(engine_test::StatusSoon(engine(), id, "running"), "running");

  // sleep as PID 1 ignores SIGTERM, so stop waits out its timeout and kills.
  auto stop_started = steady_clock::now();
  ASSERT_TRUE(api().Stop(id, seconds(1)).ok());
  auto stop_took = steady_clock::now() - stop_started;
  EXPECT_GE(stop_took, milliseconds(900));
  EXPECT_LT(stop_took, seconds(8));
  ContainerState stopped = State(id);
  EXPECT_EQ(stopped.status, "exited");
  EXPECT_EQ(stopped.exit_code, 137);
  EXPECT_TRUE(api().Stop(id, seconds(1)).ok()) << "stopping a stopped container is fine";

  std::string first_start = stopped.started_at;
  ASSERT_TRUE(api().Restart(id, seconds(1)).ok());
  ContainerState restarted = State(id);
  EXPECT_EQ(restarted.status, "running");
  EXPECT_NE(restarted.started_at, first_start);

  ASSERT_TRUE(api().Kill(id).ok());
  Result<WaitResult> waited = api().Wait(id, WaitCondition::kNotRunning, seconds(10));
  ASSERT_TRUE(waited.ok()) << waited.error().ToString();
  EXPECT_EQ(waited->status_code, 137);
  EXPECT_EQ(api().Kill(id).error().code, ErrorCode::kConflict) << "it is not running";
}

TEST_F(ContainersEngineTest, InspectWithSizeMeasuresTheContainersOwnLayer) {
  std::string id = Run(Spec("size", {"sh", "-c", "head -c 1048576 /dev/zero > /big; sleep 300"}));
  ASSERT_EQ(engine_test::StatusSoon(engine(), id, "running"), "running");
  Result<ContainerInspect> sized = api().Inspect(id, true);
  for (int i = 0; i < 50 && sized.ok() && sized->size_rw < (1 << 20); ++i) {
    std::this_thread::sleep_for(milliseconds(100));
    sized = api().Inspect(id, true);
  }
  ASSERT_TRUE(sized.ok()) << sized.error().ToString();
  EXPECT_GE(sized->size_rw, 1 << 20);
  EXPECT_LT(sized->size_rw, 2 << 20);
  Result<ContainerInspect> plain = api().Inspect(id);
  ASSERT_TRUE(plain.ok()) << plain.error().ToString();
  EXPECT_EQ(plain->size_rw, 0) << "measured only when asked";
}

TEST_F(ContainersEngineTest, KillDeliversTheNamedSignal) {
  std::string id =
      Run(Spec("kill", {"sh", "-c", "trap 'exit 7' USR1; while true; do sleep 0.1; done"}));
  std::this_thread::sleep_for(milliseconds(300));  // let sh install the trap
  ASSERT_TRUE(api().Kill(id, "SIGUSR1").ok());
  Result<WaitResult> waited = api().Wait(id, WaitCondition::kNotRunning, seconds(10));
  ASSERT_TRUE(waited.ok()) << waited.error().ToString();
  EXPECT_EQ(waited->status_code, 7);
}

TEST_F(ContainersEngineTest, StopSendsTheContainersStopSignal) {
  ContainerSpec spec =
      Spec("stopsig", {"sh", "-c", "trap 'exit 9' USR2; while true; do sleep 0.1; done"});
  spec.stop_signal = "SIGUSR2";
  std::string id = Run(spec);
  std::this_thread::sleep_for(milliseconds(300));
  auto started = steady_clock::now();
  ASSERT_TRUE(api().Stop(id, seconds(20)).ok());
  EXPECT_LT(steady_clock::now() - started, seconds(5)) << "the trap ended it, not the timeout";
  EXPECT_EQ(State(id).exit_code, 9);
}

TEST_F(ContainersEngineTest, RemoveNeedsForceWhileRunningAndRemovesVolumes) {
  ContainerSpec spec = Spec("rm", {"sleep", "300"});
  Mount anonymous;
  anonymous.type = "volume";
  anonymous.target = "/scratch";
  spec.mounts = {anonymous};
  std::string id = Run(spec);
  Result<ContainerInspect> inspect = api().Inspect(id);
  ASSERT_TRUE(inspect.ok());
  std::string volume = inspect->raw["Mounts"][0]["Name"].get<std::string>();
  cleanup().Volume(volume);

  Status refused = api().Remove(id);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  RemoveOptions options;
  options.force = true;
  options.volumes = true;
  ASSERT_TRUE(api().Remove(id, options).ok());
  EXPECT_EQ(api().Inspect(id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(engine().Call("GET", "/volumes/" + volume).error().code, ErrorCode::kNotFound);
}

TEST_F(ContainersEngineTest, UnknownIsNotFoundAndDuplicateNameIsConflict) {
  Result<ContainerInspect> missing = api().Inspect(engine_test::UniqueName("missing"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_THAT(missing.error().message, HasSubstr("No such container"));

  ContainerSpec spec = Spec("dup", {"true"});
  Create(spec);
  Result<CreatedContainer> again = api().Create(spec);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_THAT(again.error().message, HasSubstr("already in use"));
}

TEST_F(ContainersEngineTest, ListSelectsByLabelAndRunningState) {
  std::string label = engine_test::UniqueName("list");
  ContainerSpec running = Spec("list-a", {"sleep", "300"});
  running.labels = {{label, "1"}};
  ContainerSpec created = Spec("list-b", {"true"});
  created.labels = {{label, "2"}};
  Run(running);
  Create(created);
  Create(Spec("list-c", {"true"}));

  auto names = [&](bool all, std::string filter) {
    ListOptions options;
    options.all = all;
    options.filters = {{"label", {filter}}};
    Result<std::vector<ContainerSummary>> list = api().List(options);
    EXPECT_TRUE(list.ok()) << list.error().ToString();
    std::set<std::string> out;
    if (list.ok()) {
      for (const ContainerSummary& container : *list) out.insert(container.name());
    }
    return out;
  };
  EXPECT_EQ(names(true, label), (std::set<std::string>{running.name, created.name}));
  EXPECT_EQ(names(false, label), (std::set<std::string>{running.name}));
  EXPECT_EQ(names(true, label + "=2"), (std::set<std::string>{created.name}));
}

TEST_F(ContainersEngineTest, WaitReturnsTheExitCode) {
  std::string id = Run(Spec("wait", {"sh", "-c", "sleep 0.3; exit 3"}));
  Result<WaitResult> waited = api().Wait(id);
  ASSERT_TRUE(waited.ok()) << waited.error().ToString();
  EXPECT_EQ(waited->status_code, 3);
}

TEST_F(ContainersEngineTest, WaitForNextExitSeesALaterKill) {
  std::string id = Run(Spec("nextexit", {"sleep", "300"}));
  Result<std::unique_ptr<WaitStream>> wait = api().StartWait(id, WaitCondition::kNextExit);
  ASSERT_TRUE(wait.ok()) << wait.error().ToString();
  ASSERT_TRUE(api().Kill(id).ok());
  Result<std::optional<WaitResult>> result = (*wait)->Next();
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  ASSERT_TRUE(result->has_value());
  EXPECT_EQ((*result)->status_code, 137);
}

TEST_F(ContainersEngineTest, WaitTimesOut) {
  std::string id = Run(Spec("waittimeout", {"sleep", "300"}));
  auto started = steady_clock::now();
  Result<WaitResult> waited = api().Wait(id, WaitCondition::kNotRunning, milliseconds(300));
  ASSERT_FALSE(waited.ok());
  EXPECT_EQ(waited.error().code, ErrorCode::kTimeout);
  EXPECT_LT(steady_clock::now() - started, seconds(2));
  EXPECT_EQ(State(id).status, "running");
}

TEST_F(ContainersEngineTest, WaitCancelledFromAnotherThreadLeaksNothing) {
  std::string id = Run(Spec("waitcancel", {"sleep", "300"}));
  int fds_before = engine_test::OpenFdCount();
  {
    Result<std::unique_ptr<Engine>> own = Engine::Connect(engine_test::TestEngineAddress());
    ASSERT_TRUE(own.ok());
    Result<std::unique_ptr<WaitStream>> wait =
        ContainerApi(**own).StartWait(id, WaitCondition::kNotRunning);
    ASSERT_TRUE(wait.ok()) << wait.error().ToString();
    std::thread canceller([&] {
      std::this_thread::sleep_for(milliseconds(200));
      (*wait)->Cancel();
    });
    Result<std::optional<WaitResult>> result = (*wait)->Next();
    canceller.join();
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kCancelled);
  }
  EXPECT_EQ(engine_test::OpenFdCount(), fds_before);
  EXPECT_EQ(State(id).status, "running");
}

TEST_F(ContainersEngineTest, LogsSplitStreamsAndHonourTailAndTimestamps) {
  std::string id =
      Run(Spec("logs", {"sh", "-c", "echo out1; echo err1 >&2; sleep 0.2; echo out2"}));
  ASSERT_TRUE(api().Wait(id).ok());

  CollectedOutput both = Logs(id, {});
  EXPECT_EQ(both.out, "out1\nout2\n");
  EXPECT_EQ(both.err, "err1\n");

  LogsOptions stdout_only;
  stdout_only.stderr_stream = false;
  EXPECT_EQ(Logs(id, stdout_only).err, "");

  LogsOptions last;
  last.stderr_stream = false;
  last.tail = 1;
  EXPECT_EQ(Logs(id, last).out, "out2\n");

  LogsOptions stamped;
  stamped.timestamps = true;
  std::string out = Logs(id, stamped).out;
  EXPECT_THAT(out, testing::MatchesRegex("20[0-9-]+T[0-9:.]+Z out1\n20[0-9-]+T[0-9:.]+Z out2\n"));
}

// ds01d hands this socket to a user: the engine must answer nothing else on it, whatever is
// written into it while the logs stream, and the body arrives whole after what came with the head.
TEST_F(ContainersEngineTest, OpenLogsGivesTheWholeBodyAndTheEngineReadsNoOtherRequest) {
  std::string id = Run(Spec("openlogs", {"sh", "-c", "echo out1; echo err1 >&2; sleep 1"}));
  LogsOptions follow;
  follow.follow = true;
  Result<AnswerConnection> logs = api().OpenLogs(id, follow);
  ASSERT_TRUE(logs.ok()) << logs.error().ToString();
  EXPECT_TRUE(logs->chunked);
  const std::string probe = "GET /v1.41/containers/json HTTP/1.1\r\nHost: docker\r\n\r\n";
  ASSERT_TRUE(logs->socket.WriteAll(probe, seconds(5)).ok());
  std::string body = logs->early_bytes;
  char buf[4096];
  while (true) {
    Result<std::size_t> n = logs->socket.Read(buf, sizeof buf, seconds(10));
    // Closing a unix socket with unread bytes (the probe) resets it, after what was sent.
    if (!n.ok() && n.error().message.find("reset") != std::string::npos) break;
    ASSERT_TRUE(n.ok()) << n.error().ToString();
    if (*n == 0) break;
    body.append(buf, *n);
  }
  EXPECT_THAT(body, HasSubstr("out1\n"));
  EXPECT_THAT(body, HasSubstr("err1\n"));
  EXPECT_THAT(body, testing::EndsWith("0\r\n\r\n")) << "nothing after the last chunk";
  EXPECT_THAT(body, testing::Not(HasSubstr("HTTP/1.1"))) << "no answer to the probe";
}

// ds01d hands the wait's socket to a user before the container even starts: the engine has the
// wait registered when the head comes, and the exit code arrives as the body.
TEST_F(ContainersEngineTest, OpenWaitRegistersBeforeTheStartAndAnswersTheExitCodeAsTheBody) {
  const std::string id = Create(Spec("openwait", {"sh", "-c", "exit 7"}));
  Result<AnswerConnection> wait = api().OpenWait(id, WaitCondition::kNextExit);
  ASSERT_TRUE(wait.ok()) << wait.error().ToString();
  ASSERT_TRUE(api().Start(id).ok());
  std::string body = wait->early_bytes;
  char buf[512];
  while (true) {
    Result<std::size_t> n = wait->socket.Read(buf, sizeof buf, seconds(20));
    ASSERT_TRUE(n.ok()) << n.error().ToString();
    if (*n == 0) break;
    body.append(buf, *n);
  }
  EXPECT_THAT(body, HasSubstr("\"StatusCode\":7"));
}

TEST_F(ContainersEngineTest, LogsSinceAndUntilCutAtATime) {
  std::string id = Run(Spec("logtime", {"sh", "-c", "echo early; sleep 2; echo late"}));
  std::this_thread::sleep_for(milliseconds(1000));
  double cut =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  ASSERT_TRUE(api().Wait(id).ok());
  LogsOptions since;
  since.since = cut;
  EXPECT_EQ(Logs(id, since).out, "late\n");
  LogsOptions until;
  until.until = cut;
  EXPECT_EQ(Logs(id, until).out, "early\n");
}

TEST_F(ContainersEngineTest, LogsFollowStreamsAndCancelsWithoutLeaking) {
  std::string id = Run(Spec("follow", {"sh", "-c", kLoop}));
  int fds_before = engine_test::OpenFdCount();
  {
    Result<std::unique_ptr<Engine>> own = Engine::Connect(engine_test::TestEngineAddress());
    ASSERT_TRUE(own.ok());
    LogsOptions follow;
    follow.follow = true;
    Result<std::unique_ptr<OutputStream>> logs = ContainerApi(**own).Logs(id, follow);
    ASSERT_TRUE(logs.ok()) << logs.error().ToString();
    std::string seen;
    while (seen.find("line3\n") == std::string::npos) {
      Result<std::optional<OutputChunk>> chunk = (*logs)->Next();
      ASSERT_TRUE(chunk.ok()) << chunk.error().ToString();
      ASSERT_TRUE(chunk->has_value()) << "the follow ended early: " << seen;
      seen.append((*chunk)->data);
    }
    EXPECT_EQ(seen.substr(0, 12), "line0\nline1\n");

    std::thread canceller([&] {
      std::this_thread::sleep_for(milliseconds(300));
      (*logs)->Cancel();
    });
    ErrorCode ended_with = ErrorCode::kInternal;
    for (;;) {
      Result<std::optional<OutputChunk>> chunk = (*logs)->Next();
      if (!chunk.ok()) {
        ended_with = chunk.error().code;
        break;
      }
      ASSERT_TRUE(chunk->has_value()) << "a follow only ends by Cancel here";
    }
    canceller.join();
    EXPECT_EQ(ended_with, ErrorCode::kCancelled);
  }
  EXPECT_EQ(engine_test::OpenFdCount(), fds_before);
}

TEST_F(ContainersEngineTest, LogsOfATtyContainerAreRawStdout) {
  ContainerSpec spec = Spec("ttylogs", {"sh", "-c", "echo out; echo err >&2"});
  spec.tty = true;
  std::string id = Run(spec);
  ASSERT_TRUE(api().Wait(id).ok());
  CollectedOutput output = Logs(id, {});
  EXPECT_EQ(output.out, "out\r\nerr\r\n");
  EXPECT_EQ(output.err, "");
}

TEST_F(ContainersEngineTest, StatsOneShotAndStreamed) {
  std::string id = Run(Spec("stats", {"sleep", "300"}));
  Result<ContainerStats> stats = api().Stats(id);
  ASSERT_TRUE(stats.ok()) << stats.error().ToString();
  EXPECT_GE(stats->pids, 1u);
  EXPECT_GT(stats->memory_usage_bytes, 0u);
  EXPECT_GT(stats->memory_limit_bytes, 0u);
  EXPECT_FALSE(stats->read.empty());

  int fds_before = engine_test::OpenFdCount();
  {
    Result<std::unique_ptr<Engine>> own = Engine::Connect(engine_test::TestEngineAddress());
    ASSERT_TRUE(own.ok());
    Result<std::unique_ptr<StatsStream>> stream = ContainerApi(**own).StreamStats(id);
    ASSERT_TRUE(stream.ok()) << stream.error().ToString();
    Result<std::optional<ContainerStats>> first = (*stream)->Next();
    Result<std::optional<ContainerStats>> second = (*stream)->Next();
    ASSERT_TRUE(first.ok() && second.ok());
    ASSERT_TRUE(first->has_value() && second->has_value());
    EXPECT_NE((*first)->read, (*second)->read);
    EXPECT_GT((*second)->system_cpu_ns, (*first)->system_cpu_ns);
    std::thread canceller([&] { (*stream)->Cancel(); });
    canceller.join();
    Result<std::optional<ContainerStats>> after = (*stream)->Next();
    ASSERT_FALSE(after.ok());
    EXPECT_EQ(after.error().code, ErrorCode::kCancelled);
  }
  EXPECT_EQ(engine_test::OpenFdCount(), fds_before);
}

TEST_F(ContainersEngineTest, UpdateChangesResourcesAndRestartPolicy) {
  ContainerSpec spec = Spec("update", {"sleep", "300"});
  spec.memory_bytes = 64 << 20;
  spec.memory_swap_bytes = 128 << 20;
  std::string id = Run(spec);
  ResourceUpdate update;
  update.memory_bytes = 96 << 20;
  update.memory_swap_bytes = 192 << 20;
  update.pids_limit = 100;
  update.restart_policy = RestartPolicy{"unless-stopped", 0};
  Result<std::vector<std::string>> warnings = api().Update(id, update);
  ASSERT_TRUE(warnings.ok()) << warnings.error().ToString();
  Result<ContainerInspect> inspect = api().Inspect(id);
  ASSERT_TRUE(inspect.ok());
  EXPECT_EQ(inspect->memory_bytes, 96 << 20);
  EXPECT_EQ(inspect->pids_limit, 100);
  EXPECT_EQ(inspect->restart_policy.name, "unless-stopped");
  EXPECT_EQ(Shell(id, "cat /sys/fs/cgroup/memory/memory.limit_in_bytes"),
            std::to_string(96 << 20) + "\n");
}

TEST_F(ContainersEngineTest, RenameGivesANewName) {
  std::string id = Create(Spec("rename", {"true"}));
  std::string new_name = engine_test::UniqueName("renamed");
  ASSERT_TRUE(api().Rename(id, new_name).ok());
  Result<ContainerInspect> renamed = api().Inspect(new_name);
  ASSERT_TRUE(renamed.ok()) << renamed.error().ToString();
  EXPECT_EQ(renamed->id, id);
  EXPECT_EQ(renamed->name, new_name);
}

TEST_F(ContainersEngineTest, ResizeSetsTheTtySize) {
  ContainerSpec spec = Spec("resize", {"sh", "-c", "while true; do stty size; sleep 0.1; done"});
  spec.tty = true;
  std::string id = Run(spec);
  ASSERT_TRUE(api().Resize(id, 40, 100).ok());
  std::string seen;
  for (auto deadline = steady_clock::now() + seconds(10);
       steady_clock::now() < deadline && seen.find("40 100") == std::string::npos;) {
    std::this_thread::sleep_for(milliseconds(200));
    seen = Logs(id, {}).out;
  }
  EXPECT_THAT(seen, HasSubstr("40 100\r\n"));
}

TEST_F(ContainersEngineTest, AttachCarriesStdinAndDemultiplexedOutput) {
  ContainerSpec spec = Spec("attach", {"sh", "-c", "read line; echo got $line; echo bye >&2"});
  spec.open_stdin = true;
  std::string id = Run(spec);
  AttachOptions options;
  options.stdin_stream = true;
  Result<std::unique_ptr<HijackedStream>> attached = api().Attach(id, options);
  ASSERT_TRUE(attached.ok()) << attached.error().ToString();
  ASSERT_TRUE((*attached)->Write("hello\n").ok());
  Result<CollectedOutput> output = (*attached)->ReadAll();
  ASSERT_TRUE(output.ok()) << output.error().ToString();
  EXPECT_EQ(output->out, "got hello\n");
  EXPECT_EQ(output->err, "bye\n");
}

TEST_F(ContainersEngineTest, AttachToATtyContainerIsRaw) {
  ContainerSpec spec = Spec("attachtty", {"sh", "-c", "read line; echo got $line"});
  spec.open_stdin = true;
  spec.tty = true;
  std::string id = Run(spec);
  AttachOptions options;
  options.stdin_stream = true;
  Result<std::unique_ptr<HijackedStream>> attached = api().Attach(id, options);
  ASSERT_TRUE(attached.ok()) << attached.error().ToString();
  ASSERT_TRUE((*attached)->Write("hi\n").ok());
  Result<CollectedOutput> output = (*attached)->ReadAll();
  ASSERT_TRUE(output.ok()) << output.error().ToString();
  EXPECT_THAT(output->out, HasSubstr("got hi\r\n"));
  EXPECT_EQ(output->err, "");
}

TEST_F(ContainersEngineTest, PruneRemovesOnlyMatchingStoppedContainers) {
  std::string label = engine_test::UniqueName("prune");
  ContainerSpec stopped = Spec("prune-stopped", {"true"});
  stopped.labels = {{label, "1"}};
  ContainerSpec running = Spec("prune-running", {"sleep", "300"});
  running.labels = {{label, "1"}};
  std::string stopped_id = Create(stopped);
  std::string running_id = Run(running);
  std::string unlabelled_id = Create(Spec("prune-other", {"true"}));

  PruneOptions too_new;
  too_new.until = "1h";
  too_new.labels = {label};
  Result<PruneReport> nothing = api().Prune(too_new);
  ASSERT_TRUE(nothing.ok()) << nothing.error().ToString();
  EXPECT_TRUE(nothing->deleted.empty());

  PruneOptions options;
  options.labels = {label};
  Result<PruneReport> report = api().Prune(options);
  ASSERT_TRUE(report.ok()) << report.error().ToString();
  EXPECT_EQ(report->deleted, std::vector<std::string>{stopped_id});
  EXPECT_EQ(api().Inspect(stopped_id).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(api().Inspect(running_id).ok());
  EXPECT_TRUE(api().Inspect(unlabelled_id).ok());
}

}  // namespace
}  // namespace ds01::docker
