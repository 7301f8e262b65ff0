// Many processes allocating from one database file, then processes killed mid-flight: the
// allocator's promises must hold through both (see invariants.h for the list).

#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "store/audit_log.h"
#include "store/container_table.h"
#include "store/test_database.h"
#include "tests/stress/invariants.h"
#include "tests/stress/stress_world.h"

namespace ds01::stress {
namespace {

constexpr int kProcesses = 16;
constexpr int kOperationsPerProcess = 2000;
constexpr auto kTimePerOperation = std::chrono::seconds(1);  // holds last 10–240 operations
constexpr int kCrashRounds = 8;

using Key = std::pair<uid_t, std::string>;

// Forks `count` processes running `body(index)`; each exits with its return value.
std::vector<pid_t> Spawn(int count, const std::function<int(int)>& body) {
  std::fflush(nullptr);
  std::vector<pid_t> pids;
  for (int i = 0; i < count; ++i) {
    const pid_t pid = fork();
    if (pid == 0) _exit(body(i));
    pids.push_back(pid);
  }
  return pids;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void Append(int fd, const std::string& line) {
  const std::string text = line + "\n";
  // One write(2) per line: a SIGKILL leaves whole lines, or none.
  if (write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size())) _exit(3);
}

class AllocatorStress : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = store::Store::Open(db_.path());
    ASSERT_TRUE(store.ok()) << store.error().ToString();
  }

  // Every container record, by (uid, name), from a fresh open of the file.
  std::map<Key, store::ContainerRecord> Containers() {
    std::map<Key, store::ContainerRecord> records;
    auto store = store::Store::Open(db_.path());
    EXPECT_TRUE(store.ok());
    auto tx = (*store)->Read();
    auto list = store::ContainerTable(*tx).List();
    EXPECT_TRUE(list.ok());
    for (auto& record : *list) records[{record.uid, record.name}] = record;
    return records;
  }

  std::vector<std::string> Invariants() {
    auto store = store::Store::Open(db_.path());
    if (!store.ok()) return {"cannot reopen: " + store.error().ToString()};
    auto problems = CheckInvariants(**store, Inventory(), LimitsOf);
    for (auto& problem : CheckIntegrity(**store)) problems.push_back(std::move(problem));
    return problems;
  }

  // How many audit events have `action` and a detail containing `detail`.
  long CountAudit(const std::string& action, const std::string& detail = "") {
    auto store = store::Store::Open(db_.path());
    auto tx = (*store)->Read();
    auto events = store::AuditLog(*tx).ListAfter(0, 1 << 30);
    EXPECT_TRUE(events.ok());
    long count = 0;
    for (const auto& e : *events) {
      if (e.action == action && e.detail.find(detail) != std::string::npos) ++count;
    }
    return count;
  }

  store::TestDatabase db_;
  SharedClock clock_;
};

// --- Phase 1: concurrency, with every promise checked after every operation ---

int RunChecked(const std::filesystem::path& db, const std::filesystem::path& stats_file,
               SharedClock& clock, int index) {
  auto store = store::Store::Open(db);
  if (!store.ok()) {
    std::fprintf(stderr, "process %d: %s\n", index, store.error().ToString().c_str());
    return 1;
  }
  core::Allocator allocator(**store, Inventory(), LimitsOf, clock);
  core::HoldReaper reaper(**store, clock);
  Worker worker(allocator, reaper, 7919u * static_cast<unsigned>(index + 1), {"c0", "c1", "c2"});
  OpStats stats;
  for (int i = 0; i < kOperationsPerProcess; ++i) {
    clock.Advance(kTimePerOperation);
    const Op op = worker.Next();
    auto done = worker.Execute(op, stats);
    if (!done.ok()) {
      std::fprintf(stderr, "process %d, operation %d (kind %d on %u/%s): %s\n", index, i, op.kind,
                   op.uid, op.name.c_str(), done.error().ToString().c_str());
      return 1;
    }
    const auto problems = CheckInvariants(**store, allocator.inventory(), LimitsOf);
    for (const auto& problem : problems) {
      std::fprintf(stderr, "process %d, after operation %d (kind %d on %u/%s): %s\n", index, i,
                   op.kind, op.uid, op.name.c_str(), problem.c_str());
    }
    if (!problems.empty()) return 1;
  }
  std::ofstream(stats_file) << stats.Serialize() << "\n";
  return 0;
}

TEST_F(AllocatorStress, SixteenProcessesNeverShareASlotNorPassALimit) {
  const auto start = std::chrono::steady_clock::now();
  const auto pids = Spawn(kProcesses, [&](int i) {
    return RunChecked(db_.path(), db_.dir() / fmt::format("stats-{}", i), clock_, i);
  });
  for (pid_t pid : pids) {
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << "a process found a broken promise or an unexpected error (its stderr says which)";
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  OpStats total;
  for (int i = 0; i < kProcesses; ++i) {
    total.Add(OpStats::Parse(ReadFile(db_.dir() / fmt::format("stats-{}", i))));
  }
  EXPECT_EQ(total.operations, kProcesses * kOperationsPerProcess);
  EXPECT_TRUE(Invariants().empty());
  // The run reached every path it is meant to prove.
  EXPECT_GT(total.granted, 0);
  EXPECT_GT(total.refused_limit, 0);
  EXPECT_GT(total.refused_no_free, 0);
  EXPECT_GT(total.refused_state, 0);
  EXPECT_GT(total.removed, 0);
  EXPECT_GT(CountAudit("start", "kept from its stop"), 0);
  EXPECT_GT(CountAudit("start", "allocated anew"), 0);
  EXPECT_GT(CountAudit("stop", "at once"), 0);
  EXPECT_GT(CountAudit("hold-expired"), 0);
  std::printf(
      "%ld operations in %.1f s: %ld granted, %ld refused by limits, %ld found nothing "
      "free, %ld refused by state, %ld holds expired by sweeps\n",
      total.operations, seconds, total.granted, total.refused_limit, total.refused_no_free,
      total.refused_state, total.holds_expired);
}

// --- Phase 2: processes killed at random instructions ---

// Runs random operations until killed, journaling each call before and after it, so the test
// knows which container records were committed (and at most one call in doubt).
int RunJournaled(const std::filesystem::path& db, const std::filesystem::path& journal,
                 SharedClock& clock, int index, int round) {
  auto store = store::Store::Open(db);
  if (!store.ok()) return 1;
  const int fd = open(journal.c_str(), O_WRONLY | O_APPEND | O_CREAT, 0644);
  if (fd < 0) return 1;
  core::Allocator allocator(**store, Inventory(), LimitsOf, clock);
  core::HoldReaper reaper(**store, clock);
  std::vector<std::string> names;
  for (int j = 0; j < 3; ++j) names.push_back(fmt::format("k{}-{}", index, j));
  Worker worker(allocator, reaper, 104729u * static_cast<unsigned>(index + 1) + round, names);
  OpStats stats;
  while (true) {
    clock.Advance(kTimePerOperation);
    const Op op = worker.Next();
    Append(fd, fmt::format("? {} {}", op.uid, op.name));
    auto done = worker.Execute(op, stats);
    if (!done.ok()) {
      std::fprintf(stderr, "process %d: %s\n", index, done.error().ToString().c_str());
      return 1;
    }
    switch (*done) {
      case Existence::kCreated:
        Append(fd, fmt::format("+ {} {}", op.uid, op.name));
        break;
      case Existence::kRemoved:
        Append(fd, fmt::format("- {} {}", op.uid, op.name));
        break;
      case Existence::kUnchanged:
        Append(fd, "=");
        break;
    }
  }
}

// What a journal proves: the containers certainly committed, and the one call in doubt.
struct Replay {
  std::set<Key> present;
  std::optional<Key> in_doubt;
};

Replay ReplayJournal(const std::filesystem::path& journal) {
  Replay replay;
  std::istringstream lines(ReadFile(journal));
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    char mark = 0;
    uid_t uid = 0;
    std::string name;
    int exists = 0;
    fields >> mark >> uid >> name >> exists;
    const Key key{uid, name};
    if (mark == '?') {
      replay.in_doubt = key;
      continue;
    }
    if (mark == '+' || (mark == '!' && exists == 1)) replay.present.insert(key);
    if (mark == '-' || (mark == '!' && exists == 0)) replay.present.erase(key);
    replay.in_doubt.reset();
  }
  return replay;
}

TEST_F(AllocatorStress, SigkilledProcessesLoseNothingAndLeakNothing) {
  std::mt19937 rng(20240101);
  long kills_mid_run = 0;
  for (int round = 0; round < kCrashRounds; ++round) {
    const auto pids = Spawn(kProcesses, [&](int i) {
      return RunJournaled(db_.path(), db_.dir() / fmt::format("journal-{}", i), clock_, i, round);
    });
    std::this_thread::sleep_for(
        std::chrono::milliseconds(std::uniform_int_distribution<int>(150, 600)(rng)));
    std::vector<pid_t> order = pids;
    std::shuffle(order.begin(), order.end(), rng);
    for (pid_t pid : order) {
      std::this_thread::sleep_for(
          std::chrono::microseconds(std::uniform_int_distribution<int>(0, 20000)(rng)));
      kill(pid, SIGKILL);
    }
    for (pid_t pid : pids) {
      int status = 0;
      ASSERT_EQ(waitpid(pid, &status, 0), pid);
      ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
          << "a process stopped before it was killed (its stderr says why)";
      ++kills_mid_run;
    }

    const auto problems = Invariants();
    for (const auto& problem : problems) ADD_FAILURE() << "round " << round << ": " << problem;
    const auto records = Containers();
    for (int i = 0; i < kProcesses; ++i) {
      const auto journal = db_.dir() / fmt::format("journal-{}", i);
      const Replay replay = ReplayJournal(journal);
      const std::string prefix = fmt::format("k{}-", i);
      for (const Key& key : replay.present) {
        if (!records.contains(key) && key != replay.in_doubt) {
          ADD_FAILURE() << "round " << round << ": committed container " << key.first << "/"
                        << key.second << " was lost";
        }
      }
      for (const auto& [key, record] : records) {
        if (key.second.starts_with(prefix) && !replay.present.contains(key) &&
            key != replay.in_doubt) {
          ADD_FAILURE() << "round " << round << ": container " << key.first << "/" << key.second
                        << " exists though no call that created it returned";
        }
      }
      if (replay.in_doubt) {
        // Settle the call in doubt by what the database kept, for the next round's replay.
        const int fd = open(journal.c_str(), O_WRONLY | O_APPEND);
        ASSERT_GE(fd, 0);
        const Key& key = *replay.in_doubt;
        const std::string line =
            fmt::format("! {} {} {}\n", key.first, key.second, records.contains(key) ? 1 : 0);
        ASSERT_EQ(write(fd, line.data(), line.size()), static_cast<ssize_t>(line.size()));
        close(fd);
      }
    }
    ASSERT_FALSE(HasFailure()) << "round " << round;
  }
  EXPECT_EQ(kills_mid_run, kCrashRounds * kProcesses);
  EXPECT_GT(Containers().size(), 0u);
}

}  // namespace
}  // namespace ds01::stress
