#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/clock.h"
#include "core/allocator.h"
#include "gpu/slot.h"
#include "policy/limits.h"
#include "store/audit_log.h"
#include "store/store.h"
#include "store/test_database.h"

namespace ds01::core {

inline gpu::Slot WholeGpu(int index) {
  gpu::Slot slot;
  slot.id = std::to_string(index);
  slot.uuid = "GPU-" + std::to_string(index);
  slot.gpu_index = index;
  slot.model = "NVIDIA A100-SXM4-80GB";
  return slot;
}

inline gpu::Slot MigSlot(int gpu_index, int instance, std::string profile) {
  gpu::Slot slot;
  slot.id = std::to_string(gpu_index) + ":" + std::to_string(instance);
  slot.uuid = "MIG-" + slot.id;
  slot.gpu_index = gpu_index;
  slot.model = "NVIDIA A100-SXM4-80GB";
  slot.slices = profile[0] - '0';
  slot.mig_profile = std::move(profile);
  return slot;
}

/// The stress-test server: GPUs 0–6 whole, GPU 7 split into 7 × 1g.10gb.
inline std::vector<gpu::Slot> EightGpusOneSplit() {
  std::vector<gpu::Slot> slots;
  for (int i = 0; i < 7; ++i) slots.push_back(WholeGpu(i));
  for (int i = 0; i < 7; ++i) slots.push_back(MigSlot(7, i, "1g.10gb"));
  return slots;
}

/// GPUs 0 and 1 split as 3g.40gb + 2g.20gb + 2g.20gb, GPU 2 whole.
inline std::vector<gpu::Slot> TwoSplitOneWhole() {
  return {MigSlot(0, 0, "3g.40gb"),
          MigSlot(0, 1, "2g.20gb"),
          MigSlot(0, 2, "2g.20gb"),
          MigSlot(1, 0, "3g.40gb"),
          MigSlot(1, 1, "2g.20gb"),
          MigSlot(1, 2, "2g.20gb"),
          WholeGpu(2)};
}

/// For allocator tests: a fresh store, a clock that moves only when told, per-uid limits that
/// tests adjust, and an allocator over a chosen inventory.
class AllocatorFixture : public ::testing::Test {
 protected:
  static constexpr uid_t kAlice = 1000;
  static constexpr uid_t kBob = 1001;
  static constexpr uid_t kCarol = 1002;

  void SetUp() override {
    auto store = store::Store::Open(db_.path());
    ASSERT_TRUE(store.ok()) << store.error().ToString();
    store_ = std::move(*store);
    UseInventory(EightGpusOneSplit());
  }

  void UseInventory(std::vector<gpu::Slot> inventory, AllocatorOptions options = {}) {
    allocator_ = std::make_unique<Allocator>(*store_, std::move(inventory), LimitsFunction(),
                                             clock_, options);
  }

  LimitsFor LimitsFunction() {
    return [this](uid_t uid) {
      const auto it = limits_.find(uid);
      return it == limits_.end() ? policy::Limits{} : it->second;
    };
  }

  static std::string UserOf(uid_t uid) {
    switch (uid) {
      case kAlice:
        return "alice";
      case kBob:
        return "bob";
      case kCarol:
        return "carol";
      default:
        return "user" + std::to_string(uid);
    }
  }

  static AllocationRequest Ask(uid_t uid, std::string name, GpuAsk gpus) {
    AllocationRequest request;
    request.uid = uid;
    request.user = UserOf(uid);
    request.name = std::move(name);
    request.gpus = std::move(gpus);
    return request;
  }

  /// Allocates, confirms and starts: a running container. Returns its slot ids.
  std::vector<std::string> Run(uid_t uid, std::string name, GpuAsk gpus) {
    auto grant = allocator_->Allocate(Ask(uid, name, std::move(gpus)));
    EXPECT_TRUE(grant.ok()) << grant.error().ToString();
    if (!grant.ok()) return {};
    EXPECT_TRUE(allocator_->Confirm(uid, name, "docker-" + name, "{}").ok());
    auto started = Start(uid, name);
    EXPECT_TRUE(started.ok()) << started.error().ToString();
    return IdsOf(grant->slots);
  }

  /// The owner's own start, stop and remove (with --stop).
  Result<Grant> Start(uid_t uid, std::string_view name) {
    return allocator_->Start(uid, name, Actor{uid, UserOf(uid)});
  }
  Status Stop(uid_t uid, std::string_view name) {
    return allocator_->Apply(uid, name, api::Action::kStop, Actor{uid, UserOf(uid)});
  }
  Status Remove(uid_t uid, std::string_view name) {
    return allocator_->Apply(uid, name, api::Action::kRemoveStopping, Actor{uid, UserOf(uid)});
  }

  static std::vector<std::string> IdsOf(const std::vector<gpu::Slot>& slots) {
    std::vector<std::string> ids;
    for (const auto& slot : slots) ids.push_back(slot.id);
    return ids;
  }

  std::vector<store::AuditEvent> Audit() {
    auto tx = store_->Read();
    EXPECT_TRUE(tx.ok());
    auto events = store::AuditLog(*tx).ListAfter(0, 10000);
    EXPECT_TRUE(events.ok());
    return events.ok() ? *events : std::vector<store::AuditEvent>{};
  }

  store::TestDatabase db_;
  std::unique_ptr<store::Store> store_;
  FakeClock clock_;
  std::map<uid_t, policy::Limits> limits_;
  std::unique_ptr<Allocator> allocator_;
};

}  // namespace ds01::core
