#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/error.h"
#include "core/allocator.h"
#include "core/gpu_usage.h"
#include "core/ledger.h"
#include "gpu/slot.h"
#include "store/records.h"
#include "store/store.h"

namespace ds01::core {

/// A managed container as the engine reports it: its id, its labels (DESIGN.md §4 — the
/// recovery record) and whether it runs.
struct EngineContainer {
  std::string docker_id;
  std::map<std::string, std::string> labels;
  bool running = false;
};

/// One container reconcile did something about, and what.
struct ReconcileEntry {
  uid_t uid = 0;
  std::string name;
  std::string detail;
};

/// What a reconcile changed and what it could not.
struct ReconcileReport {
  std::vector<ReconcileEntry> adopted;    // recorded from their labels: the database lacked them
  std::vector<ReconcileEntry> updated;    // records brought in line with the engine
  std::vector<ReconcileEntry> released;   // records no container backs: forgotten, slots freed
  std::vector<ReconcileEntry> conflicts;  // label slots someone else holds: not given twice
  std::vector<ReconcileEntry> skipped;    // engine containers whose labels are unusable

  /// True when the database already matched the engine.
  bool clean() const;
};

struct ReconcilerOptions {
  /// A reservation ("creating") younger than this may still be in flight: left alone.
  std::chrono::seconds creating_grace{120};
};

/// Brings the database in line with what the engine runs, after a crash or any drift: adopts
/// the managed containers the database lacks (re-recording their slots where free), follows
/// their running/stopped state, and releases the records — and slots — no container backs.
/// A slot a label claims but someone else holds is reported, never given twice. All of it is
/// one transaction, audited.
class Reconciler {
 public:
  Reconciler(store::Store& store, std::vector<gpu::Slot> inventory, LimitsFor limits,
             const Clock& clock, ReconcilerOptions options = {});

  /// Reconciles against `engine`: every managed container the engine has, running or not.
  Result<ReconcileReport> Reconcile(const std::vector<EngineContainer>& engine);

 private:
  store::Store& store_;
  std::vector<gpu::Slot> inventory_;
  LimitsFor limits_;
  const Clock& clock_;
  ReconcilerOptions options_;
};

}  // namespace ds01::core
