// container-logs (issue 11), as real users against ds01d and the real engine: what --since,
// --until and --tail cut against lines written at known times, stdout and stderr kept apart,
// --follow's latency measured from the writing to the CLI printing, another user's container
// read exactly as a missing one and a bad option refused alike from the CLI and raw. ds01d hands
// the engine's connection over, so 1 GiB of logs must not grow it and a client that never reads
// must hold up no one; every attempt to get past it through that connection stays.
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "common/rfc3339.h"
#include "docker/containers.h"
#include "tests/e2e/support/e2e_fixture.h"
#include "tests/e2e/support/raw_hand_over.h"
#include "tests/e2e/support/terminal.h"

namespace ds01::e2e {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::steady_clock;

// The message of ds01d's {"error": …} answer.
std::string RefusalOf(const http::Response& response) {
  const auto body = nlohmann::json::parse(response.body, nullptr, false);
  return body.is_object() ? body["error"].value("message", "(none)") : "(not JSON)";
}

// `text` without the terminal's carriage returns (a TTY container writes "\r\n").
std::string Lines(std::string text) {
  std::erase(text, '\r');
  return text;
}

// A field of /proc/<pid>/status in KiB ("VmRSS", "VmHWM").
long StatusKib(pid_t pid, std::string_view field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with(std::string(field) + ":")) return std::stol(line.substr(field.size() + 1));
  }
  return -1;
}

int OpenFdCount(pid_t pid) {
  int count = 0;
  for ([[maybe_unused]] const auto& entry :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd")) {
    ++count;
  }
  return count;
}

class LogsTest : public E2eTest {
 protected:
  // Creates and starts `name` for `who`, its main process running `script` (sh), its project
  // directory at /workspace.
  void Logger(const TestUser& who, const std::string& name, const std::string& script) {
    const std::string project = who.workspace + "/" + name;
    std::filesystem::create_directories(project);
    ASSERT_EQ(::chown(project.c_str(), who.uid, who.gid), 0);
    CliOk(who, {"container-create", name, "--image=" + std::string(kScriptImage), "--gpu=0",
                "--project=" + name, "-e", "SCRIPT=" + script});
    CliOk(who, {"container-start", name});
  }

  // Waits until `name`'s logs hold `text`.
  bool LogsSoonHold(const TestUser& who, const std::string& name, const std::string& text,
                    milliseconds timeout = seconds(20)) {
    return Eventually(
        [&] {
          return Cli(who, {"container-logs", name}).out.find(text) != std::string::npos;
        },
        timeout, milliseconds(100));
  }

  // A container of `who` made behind ds01d's back without a terminal, as an older ds01 or a
  // crashed create may leave one, run to its end and adopted: its stdout and stderr are apart.
  void AdoptedWithoutTerminal(const TestUser& who, const std::string& name,
                              std::vector<std::string> cmd) {
    docker::ContainerSpec spec;
    spec.name = DockerName(name, who.uid);
    spec.image = std::string(kBaseImage);
    spec.cmd = std::move(cmd);
    spec.user = std::to_string(who.uid) + ":" + std::to_string(who.gid);
    spec.labels = {{"ds01.managed", "true"},
                   {"ds01.uid", std::to_string(who.uid)},
                   {"ds01.user", who.name},
                   {"ds01.name", name},
                   {"ds01.interface", "atomic"}};
    docker::ContainerApi containers(engine().engine());
    auto created = containers.Create(spec);
    ASSERT_TRUE(created.ok()) << created.error().ToString();
    ASSERT_TRUE(containers.Start(created->id).ok());
    ASSERT_TRUE(containers.Wait(created->id).ok());
    ASSERT_TRUE(Eventually([&] { return Listed(who, name).has_value(); }, seconds(10)))
        << "ds01d never adopted " << name;
  }

  ProcessSpec AsUser(const TestUser& who, std::vector<std::string> argv) {
    ProcessSpec spec;
    spec.path = argv.at(0).starts_with("/") ? argv.at(0) : CommandPath(argv.at(0));
    spec.argv = std::move(argv);
    spec.env = CliEnvironment(who);
    spec.env.push_back("TERM=xterm");
    spec.as = who.credentials();
    spec.cwd = who.home;
    spec.timeout = seconds(300);
    return spec;
  }

  std::unique_ptr<Terminal> OnTerminal(const TestUser& who, std::vector<std::string> args) {
    auto terminal = Terminal::Start(AsUser(who, std::move(args)), 24, 80);
    EXPECT_TRUE(terminal.ok()) << terminal.error().ToString();
    return terminal.ok() ? std::move(*terminal) : nullptr;
  }

  // GET `target` as `who`, upgraded to ds01-logs, through the hand-over by hand.
  std::unique_ptr<RawHandOver> OpenRaw(const TestUser& who, const std::string& target,
                                       bool go_ahead = true) {
    return OpenRawHandOver(who.credentials(), socket_path(), "GET", target, "ds01-logs", go_ahead);
  }

  // How long `who`'s container-list takes, median of 5.
  milliseconds MedianList(const TestUser& who) {
    std::vector<milliseconds> times;
    for (int i = 0; i < 5; ++i) {
      const auto started = steady_clock::now();
      CliOk(who, {"container-list", "--all"});
      times.push_back(std::chrono::duration_cast<milliseconds>(steady_clock::now() - started));
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
  }
};

// --- what the options cut --------------------------------------------------------------------

struct Stamped {
  std::chrono::system_clock::time_point time;
  std::string text;
};

// `container-logs -t` output, each line's time and text.
std::vector<Stamped> ParseStamped(const std::string& out) {
  std::vector<Stamped> lines;
  std::istringstream stream(Lines(out));
  std::string line;
  while (std::getline(stream, line)) {
    const auto space = line.find(' ');
    auto time = ParseRfc3339(line.substr(0, space));
    EXPECT_TRUE(time.has_value()) << "no time at the start of: " << line;
    if (time) lines.push_back({*time, line.substr(space + 1)});
  }
  return lines;
}

std::string UnixSeconds(std::chrono::system_clock::time_point time) {
  char text[64];
  std::snprintf(text, sizeof text, "%.6f",
                std::chrono::duration<double>(time.time_since_epoch()).count());
  return text;
}

TEST_F(LogsTest, SinceUntilAndTailCutAtTheTimesTheLinesWereWritten) {
  Logger(user(1), "clock", "for i in 1 2 3 4 5; do echo line-$i; sleep 0.5; done");
  ASSERT_TRUE(LogsSoonHold(user(1), "clock", "line-5"));
  const std::vector<Stamped> lines =
      ParseStamped(CliOk(user(1), {"container-logs", "clock", "--timestamps"}).out);
  ASSERT_EQ(lines.size(), 5u);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    EXPECT_EQ(lines[i].text, "line-" + std::to_string(i + 1));
  }
  const milliseconds margin(200);  // the lines are 500 ms apart
  // Unix seconds with a fraction for --since, RFC 3339 for --until.
  ProcessResult between =
      CliOk(user(1), {"container-logs", "clock", "--since=" + UnixSeconds(lines[1].time - margin),
                      "--until=" + FormatRfc3339(lines[3].time + margin)});
  EXPECT_EQ(Lines(between.out), "line-2\nline-3\nline-4\n");
  EXPECT_EQ(Lines(CliOk(user(1), {"container-logs", "clock", "--tail=2"}).out), "line-4\nline-5\n");
  EXPECT_EQ(Lines(CliOk(user(1), {"container-logs", "clock", "-n", "1", "--since",
                                  FormatRfc3339(lines[2].time - margin)})
                      .out),
            "line-5\n");
  EXPECT_EQ(Lines(CliOk(user(1), {"container-logs", "clock", "--tail=all"}).out),
            "line-1\nline-2\nline-3\nline-4\nline-5\n");
  EXPECT_EQ(Lines(CliOk(user(1), {"container-logs", "clock", "--tail=0"}).out), "");
  // Durations count back from now.
  EXPECT_EQ(Lines(CliOk(user(1), {"container-logs", "clock", "--since=1h"}).out),
            "line-1\nline-2\nline-3\nline-4\nline-5\n");
  EXPECT_EQ(CliOk(user(1), {"container-logs", "clock", "--until=1h"}).out, "");
  // A --since in the future is taken as the engine takes it: nothing yet.
  ProcessResult future = Cli(user(1), {"container-logs", "clock", "--since=2099-01-01T00:00:00Z"});
  EXPECT_EQ(future.exit_code, 0) << future.Describe();
  EXPECT_EQ(future.out, "");
}

TEST_F(LogsTest, StdoutAndStderrStayApartAndEachCanBeAskedAlone) {
  AdoptedWithoutTerminal(user(1), "plain",
                         {"sh", "-c", "echo out-1; echo err-1 >&2; echo out-2; echo err-2 >&2"});
  ProcessResult both = CliOk(user(1), {"container-logs", "plain"});
  EXPECT_EQ(both.out, "out-1\nout-2\n");
  EXPECT_EQ(both.err, "err-1\nerr-2\n");
  ProcessResult out = CliOk(user(1), {"container-logs", "plain", "--stdout"});
  EXPECT_EQ(out.out, "out-1\nout-2\n");
  EXPECT_EQ(out.err, "");
  ProcessResult err = CliOk(user(1), {"container-logs", "plain", "--stderr"});
  EXPECT_EQ(err.out, "");
  EXPECT_EQ(err.err, "err-1\nerr-2\n");
  ProcessResult stamped = CliOk(user(1), {"container-logs", "plain", "-t", "--stderr"});
  EXPECT_TRUE(std::regex_match(stamped.err, std::regex("(20[0-9-]+T[0-9:.]+Z err-[12]\n){2}")))
      << stamped.err;
}

TEST_F(LogsTest, AContainerWithATerminalWritesOneStreamAndStderrAloneIsRefused) {
  Logger(user(1), "tty", "echo to-out; echo to-err >&2");
  ASSERT_TRUE(LogsSoonHold(user(1), "tty", "to-err"));
  ProcessResult both = CliOk(user(1), {"container-logs", "tty"});
  EXPECT_EQ(Lines(both.out), "to-out\nto-err\n");
  EXPECT_EQ(both.err, "");
  ProcessResult cli = Cli(user(1), {"container-logs", "tty", "--stderr"});
  EXPECT_EQ(cli.exit_code, 2) << cli.Describe();
  http::Response raw = Api(user(1), "GET", "/v1/containers/tty/logs?stdout=0");
  EXPECT_EQ(raw.status, 400) << raw.body;
  EXPECT_EQ(RefusalOf(raw),
            "Container 'tty' has a terminal: all it writes is one stream, stdout, and none of it "
            "is stderr");
  EXPECT_NE(cli.err.find(RefusalOf(raw)), std::string::npos) << cli.err;
}

// --- following --------------------------------------------------------------------------------

// From the test writing a line into a FIFO the container's process copies to its stdout, to the
// line on the terminal of a `container-logs -f`: the whole path, engine and hand-over included.
TEST_F(LogsTest, AFollowPrintsEachLineWithin100msOfItsWritingAndCtrlCEndsIt) {
  const std::string feed = user(1).workspace + "/follow/feed";
  std::filesystem::create_directories(user(1).workspace + "/follow");
  std::filesystem::remove(feed);  // the accounts' workspaces outlive a test
  ASSERT_EQ(::mkfifo(feed.c_str(), 0600), 0);
  ASSERT_EQ(::chown(feed.c_str(), user(1).uid, user(1).gid), 0);
  Logger(user(1), "follow", "while true; do cat /workspace/feed; done");
  auto terminal = OnTerminal(user(1), {"container-logs", "follow", "-f"});
  ASSERT_NE(terminal, nullptr);
  int writer = -1;
  ASSERT_TRUE(Eventually(
      [&] { return (writer = ::open(feed.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC)) >= 0; },
      seconds(20), milliseconds(20)))
      << "the container never opened its feed";
  std::this_thread::sleep_for(milliseconds(300));  // the follow is open
  std::vector<milliseconds> latencies;
  for (int i = 0; i < 20; ++i) {
    const std::string line = "tick-" + std::to_string(i) + "\n";
    const auto written = steady_clock::now();
    ASSERT_EQ(::write(writer, line.data(), line.size()), static_cast<ssize_t>(line.size()));
    ASSERT_TRUE(terminal->Expect("tick-" + std::to_string(i) + "\r", seconds(5)))
        << terminal->screen();
    latencies.push_back(std::chrono::duration_cast<milliseconds>(steady_clock::now() - written));
    std::this_thread::sleep_for(milliseconds(50));
  }
  ::close(writer);
  std::sort(latencies.begin(), latencies.end());
  std::cerr << "[ latency  ] write -> printed by container-logs -f: median "
            << latencies[latencies.size() / 2].count() << " ms, max " << latencies.back().count()
            << " ms\n";
  for (const milliseconds latency : latencies) EXPECT_LE(latency.count(), 100);
  terminal->Type("\x03");
  EXPECT_EQ(terminal->Wait(seconds(5)), 0) << "Ctrl-C ends a follow cleanly";
  EXPECT_EQ(terminal->screen().find("Error"), std::string::npos) << terminal->screen();
}

TEST_F(LogsTest, AFollowEndsWhenTheContainerStopsAndAClosedStdoutEndsItQuietly) {
  Logger(user(1), "ticker", "while true; do echo tick; sleep 0.1; done");
  auto terminal = OnTerminal(user(1), {"container-logs", "ticker", "--follow", "--tail=1"});
  ASSERT_NE(terminal, nullptr);
  ASSERT_TRUE(terminal->Expect("tick")) << terminal->screen();
  CliOk(user(1), {"container-stop", "ticker", "--time=1"});
  EXPECT_EQ(terminal->Wait(seconds(10)), 0) << terminal->screen();
  CliOk(user(1), {"container-start", "ticker"});
  // `| head -1`: its reader leaves after one line; the follow ends with it, no error.
  Result<ProcessResult> head = RunProcess(
      AsUser(user(1),
             {"/bin/sh", "-c", "(container-logs ticker -f; echo \"logs exit $?\" >&2) | head -1"}));
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->exit_code, 0) << head->Describe();
  EXPECT_EQ(head->out, "tick\r\n");
  EXPECT_EQ(head->err, "logs exit 0\n");
}

// --- who may read what ---------------------------------------------------------------------------

TEST_F(LogsTest, AnotherUsersContainerReadsExactlyAsAMissingOneFromTheCliAndRaw) {
  Logger(user(1), "secret", "echo the-secret");
  ASSERT_TRUE(LogsSoonHold(user(1), "secret", "the-secret"));
  ProcessResult theirs = Cli(user(2), {"container-logs", "secret"});
  ProcessResult missing = Cli(user(2), {"container-logs", "absent"});
  EXPECT_EQ(theirs.exit_code, 3) << theirs.Describe();
  EXPECT_EQ(Anonymise(theirs.err, "secret"), Anonymise(missing.err, "absent"));
  EXPECT_EQ(theirs.out, "");
  ProcessResult owner = Cli(user(2), {"container-logs", "secret", "--owner=" + user(1).name});
  EXPECT_EQ(Anonymise(owner.err, "secret"), Anonymise(missing.err, "absent"));
  for (const std::string& query :
       std::vector<std::string>{"", "?follow=1", "?tail=-3", "?owner=" + user(1).name}) {
    http::Response raw_theirs = Api(user(2), "GET", "/v1/containers/secret/logs" + query);
    http::Response raw_missing = Api(user(2), "GET", "/v1/containers/absent/logs" + query);
    EXPECT_EQ(raw_theirs.status, 404) << query;
    EXPECT_EQ(Anonymise(raw_theirs.body, "secret"), Anonymise(raw_missing.body, "absent")) << query;
  }
  auto upgraded = OpenRaw(user(2), "/v1/containers/secret/logs");
  EXPECT_TRUE(upgraded->head.starts_with("HTTP/1.1 404")) << upgraded->head;
  EXPECT_EQ(upgraded->engine, -1);
  // An admin reads it with --owner.
  EXPECT_EQ(Lines(CliOk(admin(), {"container-logs", "secret", "--owner=" + user(1).name}).out),
            "the-secret\n");
}

TEST_F(LogsTest, AMissingOrRemovedContainerIsTheNormalNotFound) {
  Logger(user(1), "brief", "echo hello");
  ASSERT_TRUE(LogsSoonHold(user(1), "brief", "hello"));
  CliOk(user(1), {"container-remove", "brief", "--stop", "--force"});
  ProcessResult removed = Cli(user(1), {"container-logs", "brief"});
  EXPECT_EQ(removed.exit_code, 3) << removed.Describe();
  EXPECT_NE(removed.err.find("No container 'brief'"), std::string::npos) << removed.err;
  // Odd names never reach anything but the not-found answer.
  for (const std::string& odd :
       std::vector<std::string>{"../../etc", "a b", "%2e%2e", "x\ny", "brief/../brief", "*",
                                std::string(300, 'n'), "-", "ä"}) {
    ProcessResult ran = Cli(user(1), {"container-logs", "--", odd});
    EXPECT_EQ(ran.exit_code, 3) << odd << ": " << ran.Describe();
  }
  ProcessResult none = Cli(user(1), {"container-logs"});
  EXPECT_EQ(none.exit_code, 2) << none.Describe();
}

// --- refusals -----------------------------------------------------------------------------------

TEST_F(LogsTest, ABadOptionIsRefusedTheSameFromTheCliAndRaw) {
  Logger(user(1), "job", "echo ok");
  ASSERT_TRUE(LogsSoonHold(user(1), "job", "ok"));
  struct Case {
    std::vector<std::string> flags;
    std::string query;
  };
  const std::vector<Case> cases = {
      {{"--since=yesterday"}, "since=yesterday"},
      {{"--tail=-3"}, "tail=-3"},
      {{"--tail=99999999999999999999"}, "tail=99999999999999999999"},
      {{"--tail=1e3"}, "tail=1e3"},
      {{"--since=99999999999999999999"}, "since=99999999999999999999"},
      {{"--since=-5m"}, "since=-5m"},
      {{"--until=2h30"}, "until=2h30"},
      {{"--since=1796000000", "--until=1795000000.5"}, "since=1796000000&until=1795000000.5"},
      {{"--since=2030-01-01T00:00:00Z", "--until=2029-01-01T00:00:00Z"},
       "since=2030-01-01T00%3A00%3A00Z&until=2029-01-01T00%3A00%3A00Z"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {"container-logs", "job"};
    args.insert(args.end(), c.flags.begin(), c.flags.end());
    ProcessResult cli = Cli(user(1), args);
    http::Response raw = Api(user(1), "GET", "/v1/containers/job/logs?" + c.query);
    EXPECT_EQ(cli.exit_code, 2) << c.query << ": " << cli.Describe();
    EXPECT_EQ(raw.status, 400) << c.query << ": " << raw.body;
    EXPECT_NE(cli.err.find("Error: " + RefusalOf(raw)), std::string::npos)
        << c.query << "\nCLI: " << cli.err << "\nraw: " << raw.body;
    EXPECT_NE(cli.err.find("Fix: "), std::string::npos) << cli.err;
  }
  // What only a raw request can say.
  for (const std::string& query : std::vector<std::string>{
           "follow=banana", "stdout=0&stderr=0", "taill=5", "since=%00",
           "tail=" + std::string(6000, '9'), "since=" + std::string(6000, '1')}) {
    http::Response raw = Api(user(1), "GET", "/v1/containers/job/logs?" + query);
    EXPECT_EQ(raw.status, 400) << query.substr(0, 40) << ": " << raw.body;
  }
  http::Response plain = Api(user(1), "GET", "/v1/containers/job/logs");
  EXPECT_EQ(plain.status, 400);
  EXPECT_EQ(RefusalOf(plain), "The logs come on a handed-over connection");
}

// --- ds01d stays out of the way ---------------------------------------------------------------

// Not through ds01d's memory: 1 GiB read back whole, ds01d's resident and peak memory as
// before (within 32 MiB).
class HugeLogsTest : public LogsTest {
 protected:
  void Configure(TestConfig& config) override { config.log_size = "4G"; }
};

TEST_F(HugeLogsTest, OneGibOfLogsPassesWithoutGrowingDs01d) {
  constexpr long long kGib = 1ll << 30;
  Logger(user(1), "big", "head -c " + std::to_string(kGib) + " /dev/zero | tr '\\0' x; echo");
  ASSERT_TRUE(Eventually(
      [&] { return Listed(user(1), "big").value_or(nullptr).value("state", "") == "stopped"; },
      seconds(400), milliseconds(500)))
      << "the container never finished writing";
  const pid_t pid = daemon().pid();
  const long rss_before = StatusKib(pid, "VmRSS");
  const long peak_before = StatusKib(pid, "VmHWM");
  const auto started = steady_clock::now();
  Result<ProcessResult> counted =
      RunProcess(AsUser(user(1), {"/bin/sh", "-c", "container-logs big | wc -c"}));
  const double took = std::chrono::duration<double>(steady_clock::now() - started).count();
  ASSERT_TRUE(counted.ok()) << counted.error().ToString();
  EXPECT_EQ(counted->exit_code, 0) << counted->Describe();
  EXPECT_EQ(std::stoll(counted->out), kGib + 2) << "every x, and the last line's \\r\\n";
  const long rss_after = StatusKib(pid, "VmRSS");
  const long peak_after = StatusKib(pid, "VmHWM");
  std::cerr << "[ memory   ] ds01d VmRSS " << rss_before / 1024 << " -> " << rss_after / 1024
            << " MiB, VmHWM " << peak_before / 1024 << " -> " << peak_after / 1024
            << " MiB; 1 GiB read in " << took << " s\n";
  EXPECT_LE(rss_after - rss_before, 32 * 1024);
  EXPECT_LE(peak_after - peak_before, 32 * 1024);
}

TEST_F(LogsTest, AClientThatNeverReadsHoldsUpNoOne) {
  // More than a terminal holds at once, then a line a second.
  Logger(user(1), "flood",
         "head -c 400000 /dev/zero | tr '\\0' f; while true; do echo flood; sleep 1; done");
  ASSERT_TRUE(LogsSoonHold(user(1), "flood", "flood"));
  Logger(user(2), "quiet", "echo quiet");
  ASSERT_TRUE(LogsSoonHold(user(2), "quiet", "quiet"));
  const milliseconds normal = MedianList(user(2));
  // Followers whose terminals nobody reads: each blocks once the terminal's buffer is full.
  std::vector<std::unique_ptr<Terminal>> stuck;
  for (int i = 0; i < 4; ++i) {
    stuck.push_back(OnTerminal(user(1), {"container-logs", "flood", "-f"}));
    ASSERT_NE(stuck.back(), nullptr);
  }
  // And raw clients that take the 101 and never say so: each holds one of the user's 4 engine
  // calls for the 10 s ds01d waits.
  std::vector<std::unique_ptr<RawHandOver>> silent;
  for (int i = 0; i < 4; ++i) {
    silent.push_back(OpenRaw(user(1), "/v1/containers/flood/logs?follow=1", false));
    EXPECT_TRUE(silent.back()->head.starts_with("HTTP/1.1 101")) << silent.back()->head;
  }
  std::this_thread::sleep_for(milliseconds(500));
  const milliseconds during = MedianList(user(2));
  EXPECT_LE(during, std::max(2 * normal, normal + milliseconds(200)))
      << "normal " << normal.count() << " ms, with stuck readers " << during.count() << " ms";
  const auto started = steady_clock::now();
  EXPECT_EQ(Lines(CliOk(user(2), {"container-logs", "quiet"}).out), "quiet\n");
  EXPECT_LE(steady_clock::now() - started, seconds(2)) << "another user's logs wait for no one";
  MedianList(user(1));  // and the stuck user's own short requests are served
  for (auto& terminal : stuck) terminal.reset();
}

TEST_F(LogsTest, ClientsThatLeaveMidStreamLeaveNothingBehindInDs01d) {
  Logger(user(1), "stream",
         "while true; do head -c 65536 /dev/zero | tr '\\0' s; echo; sleep 0.05; done");
  ASSERT_TRUE(LogsSoonHold(user(1), "stream", "sss"));
  const pid_t pid = daemon().pid();
  // Let ds01d settle its descriptors (connections of the calls above closing).
  std::this_thread::sleep_for(milliseconds(500));
  const int fds_before = OpenFdCount(pid);
  for (int i = 0; i < 20; ++i) {
    auto raw = OpenRaw(user(1), "/v1/containers/stream/logs?follow=1&tail=10");
    ASSERT_GE(raw->engine, 0) << raw->head;
    EXPECT_GE(raw->ReadEngine(100'000).size(), 100'000u);
  }  // each closes both its connections mid-stream
  for (int i = 0; i < 5; ++i) {
    auto raw = OpenRaw(user(1), "/v1/containers/stream/logs?follow=1", false);
  }  // and these before the hand-over
  // The engine client may keep up to 8 idle connections more than it had; 25 sessions that
  // each left one descriptor behind would show.
  EXPECT_TRUE(Eventually([&] { return OpenFdCount(pid) <= fds_before + 8; }, seconds(15)))
      << "ds01d held " << OpenFdCount(pid) << " descriptors, " << fds_before << " before";
  EXPECT_NE(CliOk(user(1), {"container-logs", "stream", "--tail=3"}).out.find("sss"),
            std::string::npos)
      << "and ds01d still serves the logs";
}

// The handed-over connection is the engine's answer and nothing else: Engine API requests
// written into it reach no engine that answers or acts on them.
TEST_F(LogsTest, WhatTheUserWritesIntoTheHandedConnectionReachesNoEngine) {
  Logger(user(1), "probe", "while true; do echo alive; sleep 0.2; done");
  ASSERT_TRUE(LogsSoonHold(user(1), "probe", "alive"));
  auto raw = OpenRaw(user(1), "/v1/containers/probe/logs?follow=1&tail=1");
  ASSERT_GE(raw->engine, 0) << raw->head;
  EXPECT_EQ(raw->line.value("tty", false), true) << raw->line.dump();
  EXPECT_EQ(raw->line.value("chunked", false), true) << raw->line.dump();
  const std::string docker_name = DockerName("probe", user(1).uid);
  const std::string attack =
      "GET /v1.41/containers/json?all=1 HTTP/1.1\r\nHost: docker\r\n\r\n"
      "POST /v1.41/containers/" +
      docker_name + "/kill HTTP/1.1\r\nHost: docker\r\n\r\n";
  ::send(raw->engine, attack.data(), attack.size(), MSG_NOSIGNAL);
  std::this_thread::sleep_for(seconds(1));
  EXPECT_EQ(Listed(user(1), "probe").value_or(nullptr).value("state", ""), "running")
      << "the kill written into the handed connection was obeyed";
  CliOk(user(1), {"container-stop", "probe", "--time=1"});
  const std::string body = raw->ReadEngine();
  EXPECT_NE(body.find("alive"), std::string::npos);
  EXPECT_TRUE(body.ends_with("0\r\n\r\n")) << "the answer ends with its last chunk";
  EXPECT_EQ(body.find("HTTP/1.1"), std::string::npos) << "no engine answer in the stream";
  EXPECT_EQ(body.find(docker_name), std::string::npos) << "no container listing in the stream";
}

}  // namespace
}  // namespace ds01::e2e
