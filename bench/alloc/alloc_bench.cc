// Allocation throughput and latency on a durable database: prints BENCH lines (bench/run.sh).
//
//   ds01_bench_alloc DIR [--seconds S] [--rounds N] [--checkpoint-pages P]
//                        [--durability normal|full|both]
//
// In DIR (a directory on the disk under test) it creates a database in WAL mode holding 50
// users and 200 containers (some with GPUs), then times allocate + remove pairs for one
// user after another: pairs per second (median of the rounds) and the 99th percentile of
// one Allocate. It measures both durability settings: synchronous=NORMAL (the default,
// survives a crash of the process) and synchronous=FULL (also survives power loss).

#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "common/clock.h"
#include "core/allocator.h"
#include "store/store.h"

namespace ds01 {
namespace {

constexpr int kUsers = 50;
constexpr int kContainersPerUser = 4;
constexpr uid_t kFirstUid = 10000;

std::vector<gpu::Slot> Inventory() {
  std::vector<gpu::Slot> slots;
  for (int i = 0; i < 7; ++i) {
    gpu::Slot slot;
    slot.id = std::to_string(i);
    slot.uuid = "GPU-bench-" + slot.id;
    slot.gpu_index = i;
    slots.push_back(slot);
  }
  for (int m = 0; m < 7; ++m) {
    gpu::Slot slot;
    slot.id = "7:" + std::to_string(m);
    slot.uuid = "MIG-bench-" + slot.id;
    slot.gpu_index = 7;
    slot.mig_profile = "1g.10gb";
    slot.slices = 1;
    slots.push_back(slot);
  }
  return slots;
}

policy::Limits Generous(uid_t) {
  policy::Limits limits;
  limits.max_gpus = 2;
  limits.max_gpus_per_container = 1;
  limits.max_containers = kContainersPerUser + 1;
  return limits;
}

core::AllocationRequest Ask(uid_t uid, std::string name, core::GpuAsk gpus) {
  core::AllocationRequest request;
  request.uid = uid;
  request.user = fmt::format("user{}", uid);
  request.name = std::move(name);
  request.gpus = std::move(gpus);
  request.project = "bench";
  request.image = fmt::format("ds01-{}/bench:latest", uid);
  return request;
}

// 200 containers of 50 users: the first few running on whole GPUs and MIG instances, a few
// stopped with holds, the rest CPU-only — a busy server, with GPU 6 and three MIG slices free.
bool Populate(core::Allocator& allocator) {
  int whole = 0;
  int mig = 0;
  for (int u = 0; u < kUsers; ++u) {
    const uid_t uid = kFirstUid + u;
    for (int c = 0; c < kContainersPerUser; ++c) {
      const std::string name = fmt::format("c{}", c);
      core::GpuAsk ask = core::WholeGpus{0};
      if (c == 0 && whole < 6) {
        ask = core::WholeGpus{1};
        ++whole;
      } else if (c == 0 && mig < 4) {
        ask = core::MigInstance{"1g.10gb"};
        ++mig;
      }
      if (!allocator.Allocate(Ask(uid, name, ask)).ok()) return false;
      if (!allocator.Confirm(uid, name, "docker-" + name, "{}").ok()) return false;
      if (!allocator.Start(uid, name, core::Actor{uid, "bench"}).ok()) return false;
      if (c == 1 && !allocator.Apply(uid, name, api::Action::kStop, std::nullopt).ok()) {
        return false;
      }
    }
  }
  return true;
}

struct Round {
  double pairs_per_second;
  std::vector<double> allocate_seconds;
};

Round Measure(core::Allocator& allocator, double seconds) {
  using Clock = std::chrono::steady_clock;
  Round round{0, {}};
  const auto start = Clock::now();
  const auto end = start + std::chrono::duration<double>(seconds);
  long pairs = 0;
  while (Clock::now() < end) {
    for (int i = 0; i < 100; ++i, ++pairs) {
      const uid_t uid = kFirstUid + static_cast<uid_t>(pairs % kUsers);
      const core::GpuAsk ask = pairs % 2 == 0 ? core::GpuAsk(core::WholeGpus{1})
                                              : core::GpuAsk(core::MigInstance{"1g.10gb"});
      const auto before = Clock::now();
      auto grant = allocator.Allocate(Ask(uid, "bench", ask));
      round.allocate_seconds.push_back(
          std::chrono::duration<double>(Clock::now() - before).count());
      if (!grant.ok()) {
        std::fprintf(stderr, "allocate failed: %s\n", grant.error().ToString().c_str());
        std::exit(1);
      }
      if (!allocator.Release(uid, "bench").ok()) std::exit(1);
    }
  }
  round.pairs_per_second =
      static_cast<double>(pairs) / std::chrono::duration<double>(Clock::now() - start).count();
  return round;
}

// CPU seconds this process has used (all threads, user and system).
double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double Percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1))];
}

int Run(const std::filesystem::path& dir, store::StoreOptions options, const char* suffix,
        double seconds, int rounds) {
  const auto path = dir / fmt::format("bench{}.db", suffix);
  std::filesystem::remove(path);
  auto store = store::Store::Open(path, options);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.error().ToString().c_str());
    return 1;
  }
  SystemClock clock;
  core::Allocator allocator(**store, Inventory(), Generous, clock);
  if (!Populate(allocator)) {
    std::fprintf(stderr, "could not populate the database\n");
    return 1;
  }
  Measure(allocator, seconds / 4);  // warm the page cache and the statement cache
  std::vector<double> rates;
  std::vector<double> latencies;
  const double cpu_before = CpuSeconds();
  for (int r = 0; r < rounds; ++r) {
    Round round = Measure(allocator, seconds);
    rates.push_back(round.pairs_per_second);
    latencies.insert(latencies.end(), round.allocate_seconds.begin(), round.allocate_seconds.end());
  }
  const double cpu = CpuSeconds() - cpu_before;
  std::printf("BENCH name=alloc-release-pairs%s ours=%.0f unit=pairs/s\n", suffix,
              Percentile(rates, 0.5));
  std::printf("BENCH name=alloc-p99%s ours=%.6f unit=s\n", suffix, Percentile(latencies, 0.99));
  // On a shared machine wall-clock rates depend on the neighbours; CPU cost does not.
  std::printf("BENCH name=alloc-release-pairs-per-cpu-second%s ours=%.0f unit=pairs/cpu-s\n",
              suffix, static_cast<double>(latencies.size()) / cpu);
  std::fflush(stdout);
  return 0;
}

}  // namespace
}  // namespace ds01

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DIR [--seconds S] [--rounds N]\n", argv[0]);
    return 2;
  }
  double seconds = 2.0;
  int rounds = 5;
  ds01::store::StoreOptions options;
  std::string durability = "both";
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--seconds") seconds = std::atof(argv[i + 1]);
    if (flag == "--rounds") rounds = std::atoi(argv[i + 1]);
    if (flag == "--checkpoint-pages") options.checkpoint_pages = std::atoi(argv[i + 1]);
    if (flag == "--durability") durability = argv[i + 1];
  }
  const std::filesystem::path dir = argv[1];
  if (durability != "full") {
    if (int rc = ds01::Run(dir, options, "", seconds, rounds)) return rc;
  }
  if (durability == "normal") return 0;
  options.durability = ds01::store::Durability::kPowerLoss;
  return ds01::Run(dir, options, "-sync-full", seconds, rounds);
}
