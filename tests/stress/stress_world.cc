#include "tests/stress/stress_world.h"

#include <sys/mman.h>

#include <cstdlib>
#include <new>
#include <sstream>

#include "common/error.h"

namespace ds01::stress {

using std::chrono::seconds;

std::vector<gpu::Slot> Inventory() {
  std::vector<gpu::Slot> slots;
  for (int i = 0; i < 8; ++i) {
    if (i < 7) {
      gpu::Slot slot;
      slot.id = std::to_string(i);
      slot.uuid = "GPU-stress-" + slot.id;
      slot.gpu_index = i;
      slots.push_back(slot);
      continue;
    }
    for (int m = 0; m < 7; ++m) {
      gpu::Slot slot;
      slot.id = "7:" + std::to_string(m);
      slot.uuid = "MIG-stress-" + slot.id;
      slot.gpu_index = 7;
      slot.mig_profile = "1g.10gb";
      slot.slices = 1;
      slots.push_back(slot);
    }
  }
  return slots;
}

policy::Limits LimitsOf(uid_t uid) {
  struct Row {
    double max_gpus, per_container;
    bool full;
    int containers;
    int hold_s;
  };
  static constexpr Row kRows[kUsers] = {
      {1.0, 1.0, true, 3, 0},  {2.0, 2.0, true, 4, 120}, {0.5, 0.5, false, 3, 60},
      {1.5, 1.0, true, 3, 20}, {3.0, 2.0, true, 5, 240}, {1.0, 1.0, false, 2, 10},
      {2.0, 1.0, true, 3, 0},  {0.3, 0.3, false, 4, 40},
  };
  const Row& row = kRows[(uid - kFirstUid) % kUsers];
  policy::Limits limits;
  limits.max_gpus = row.max_gpus;
  limits.max_gpus_per_container = row.per_container;
  limits.allow_full_gpu = row.full;
  limits.max_containers = row.containers;
  limits.gpu_hold_after_stop = seconds(row.hold_s);
  return limits;
}

static_assert(std::atomic<std::int64_t>::is_always_lock_free,
              "a lock-free atomic works across processes");

SharedClock::SharedClock() {
  void* memory = mmap(nullptr, sizeof(std::atomic<std::int64_t>), PROT_READ | PROT_WRITE,
                      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) std::abort();
  ticks_ =
      new (memory) std::atomic<std::int64_t>(FakeClock::DefaultStart().time_since_epoch().count());
}

SharedClock::~SharedClock() { munmap(ticks_, sizeof(std::atomic<std::int64_t>)); }

Clock::TimePoint SharedClock::Now() const {
  return TimePoint(std::chrono::system_clock::duration(ticks_->load()));
}

void SharedClock::Advance(std::chrono::system_clock::duration by) { *ticks_ += by.count(); }

void OpStats::Add(const OpStats& o) {
  operations += o.operations;
  granted += o.granted;
  refused_limit += o.refused_limit;
  refused_no_free += o.refused_no_free;
  refused_state += o.refused_state;
  started_with_slots += o.started_with_slots;
  started_anew += o.started_anew;
  holds_expired += o.holds_expired;
  removed += o.removed;
}

std::string OpStats::Serialize() const {
  std::ostringstream out;
  out << operations << ' ' << granted << ' ' << refused_limit << ' ' << refused_no_free << ' '
      << refused_state << ' ' << started_with_slots << ' ' << started_anew << ' ' << holds_expired
      << ' ' << removed;
  return out.str();
}

OpStats OpStats::Parse(const std::string& text) {
  OpStats s;
  std::istringstream in(text);
  in >> s.operations >> s.granted >> s.refused_limit >> s.refused_no_free >> s.refused_state >>
      s.started_with_slots >> s.started_anew >> s.holds_expired >> s.removed;
  return s;
}

Worker::Worker(core::Allocator& allocator, core::HoldReaper& reaper, unsigned seed,
               std::vector<std::string> names)
    : allocator_(allocator), reaper_(reaper), rng_(seed), names_(std::move(names)) {}

core::GpuAsk Worker::RandomAsk() {
  const auto& slots = allocator_.inventory();
  switch (std::uniform_int_distribution<int>(0, 9)(rng_)) {
    case 0:
      return core::WholeGpus{0};
    case 1:
    case 2:
    case 3:
      return core::WholeGpus{1};
    case 4:
      return core::WholeGpus{2};
    case 5:
    case 6:
    case 7:
      return core::MigInstance{"1g.10gb"};
    default: {
      // One or two named slots, by id or by UUID.
      std::uniform_int_distribution<std::size_t> pick(0, slots.size() - 1);
      const gpu::Slot& first = slots[pick(rng_)];
      core::NamedSlots named{{rng_() % 2 ? first.id : first.uuid}};
      const gpu::Slot& second = slots[pick(rng_)];
      if (rng_() % 3 == 0 && second.id != first.id) named.ids.push_back(second.id);
      return named;
    }
  }
}

Op Worker::Next() {
  Op op;
  op.uid = kFirstUid + static_cast<uid_t>(rng_() % kUsers);
  op.name = names_[rng_() % names_.size()];
  const int roll = std::uniform_int_distribution<int>(0, 99)(rng_);
  if (roll < 28) {
    op.kind = Op::kAllocate;
    op.ask = RandomAsk();
  } else if (roll < 40) {
    op.kind = Op::kConfirm;
  } else if (roll < 44) {
    op.kind = Op::kRelease;
  } else if (roll < 64) {
    op.kind = Op::kStart;
  } else if (roll < 82) {
    op.kind = Op::kStop;
  } else if (roll < 94) {
    op.kind = Op::kRemove;
  } else {
    op.kind = Op::kExpire;
  }
  return op;
}

Result<Existence> Worker::Execute(const Op& op, OpStats& stats) {
  ++stats.operations;
  auto outcome = [&stats](const Error& error) -> Result<Existence> {
    switch (error.code) {
      case ErrorCode::kLimitExceeded:
        ++stats.refused_limit;
        return Existence::kUnchanged;
      case ErrorCode::kConflict:
        if (error.message.starts_with("No free") || error.message.starts_with("Not enough") ||
            error.message.find("allocated to another") != std::string::npos) {
          ++stats.refused_no_free;
        } else {
          ++stats.refused_state;
        }
        return Existence::kUnchanged;
      case ErrorCode::kNotFound:
        ++stats.refused_state;
        return Existence::kUnchanged;
      default:
        return error;
    }
  };
  const std::string user = "user" + std::to_string(op.uid);
  switch (op.kind) {
    case Op::kAllocate: {
      core::AllocationRequest request;
      request.uid = op.uid;
      request.user = user;
      request.name = op.name;
      request.gpus = op.ask;
      auto grant = allocator_.Allocate(request);
      if (!grant.ok()) return outcome(grant.error());
      ++stats.granted;
      return Existence::kCreated;
    }
    case Op::kConfirm: {
      auto confirmed = allocator_.Confirm(op.uid, op.name, "docker-" + op.name, "{}");
      return confirmed.ok() ? Result<Existence>(Existence::kUnchanged) : outcome(confirmed.error());
    }
    case Op::kRelease: {
      auto released = allocator_.Release(op.uid, op.name);
      if (!released.ok()) return outcome(released.error());
      ++stats.removed;
      return Existence::kRemoved;
    }
    case Op::kStart: {
      auto started = allocator_.Start(op.uid, op.name, core::Actor{op.uid, "stress"});
      if (!started.ok()) return outcome(started.error());
      if (started->reallocated) {
        ++stats.started_anew;
      } else if (!started->slots.empty()) {
        ++stats.started_with_slots;  // first starts and restarts within a hold
      }
      return Existence::kUnchanged;
    }
    case Op::kStop: {
      auto stopped = allocator_.Apply(op.uid, op.name, api::Action::kStop, std::nullopt);
      return stopped.ok() ? Result<Existence>(Existence::kUnchanged) : outcome(stopped.error());
    }
    case Op::kRemove: {
      auto removed = allocator_.Apply(op.uid, op.name, api::Action::kRemoveStopping, std::nullopt);
      if (!removed.ok()) return outcome(removed.error());
      ++stats.removed;
      return Existence::kRemoved;
    }
    case Op::kExpire: {
      auto expired = reaper_.ExpireHolds();
      if (!expired.ok()) return expired.error();
      stats.holds_expired += static_cast<long>(expired->size());
      return Existence::kUnchanged;
    }
  }
  return Existence::kUnchanged;
}

}  // namespace ds01::stress
