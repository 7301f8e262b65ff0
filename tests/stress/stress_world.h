#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "common/clock.h"
#include "core/allocator.h"
#include "core/hold_reaper.h"
#include "gpu/slot.h"
#include "policy/limits.h"

namespace ds01::stress {

/// The users every stress process shares: uids kFirstUid … kFirstUid + kUsers - 1.
inline constexpr uid_t kFirstUid = 5000;
inline constexpr int kUsers = 8;

/// Eight GPUs: 0–6 whole, 7 split into 7 × 1g.10gb.
std::vector<gpu::Slot> Inventory();
/// A different mix of limits for each user: fractional and whole max_gpus, MIG-only users,
/// holds of zero and of seconds (scaled), tight container limits.
policy::Limits LimitsOf(uid_t uid);

/// A clock in memory shared by the processes forked after its creation: it moves only when a
/// process advances it, so holds expire after a number of operations across all processes,
/// whatever the machine's load.
class SharedClock final : public Clock {
 public:
  SharedClock();
  SharedClock(const SharedClock&) = delete;
  SharedClock& operator=(const SharedClock&) = delete;
  ~SharedClock() override;

  TimePoint Now() const override;
  /// Moves the time of every process sharing the clock forward by `by`.
  void Advance(std::chrono::system_clock::duration by);

 private:
  std::atomic<std::int64_t>* ticks_;
};

/// What the operations of one process came to, so the test can tell that the run exercised
/// every path (grants, each kind of refusal, restarts within and after holds, expiries).
struct OpStats {
  long operations = 0;
  long granted = 0;
  long refused_limit = 0;
  long refused_no_free = 0;
  long refused_state = 0;
  long started_with_slots = 0;
  long started_anew = 0;
  long holds_expired = 0;
  long removed = 0;

  void Add(const OpStats& other);
  std::string Serialize() const;
  static OpStats Parse(const std::string& text);
};

/// What one call did to the existence of a container, for the crash journal.
enum class Existence { kUnchanged, kCreated, kRemoved };

/// One random operation on the allocator: its kind and its target.
struct Op {
  enum Kind { kAllocate, kConfirm, kRelease, kStart, kStop, kRemove, kExpire } kind;
  uid_t uid = 0;
  std::string name;
  core::GpuAsk ask;
};

/// Draws random operations over a set of container names and carries them out, counting
/// outcomes. Expected refusals (limits, no free slot, wrong state, unknown container) are
/// outcomes; anything else is an error.
class Worker {
 public:
  Worker(core::Allocator& allocator, core::HoldReaper& reaper, unsigned seed,
         std::vector<std::string> names);

  /// The next random operation.
  Op Next();
  /// Carries out `op`; an unexpected error fails.
  Result<Existence> Execute(const Op& op, OpStats& stats);

 private:
  core::GpuAsk RandomAsk();

  core::Allocator& allocator_;
  core::HoldReaper& reaper_;
  std::mt19937 rng_;
  std::vector<std::string> names_;
};

}  // namespace ds01::stress
