#include "api/wire_gpus.h"

#include "api/wire_test_support.h"

namespace ds01::api {
namespace {

using testing::Keys;
using testing::RoundTrip;
using Strings = std::vector<std::string>;

// Every field set and none to its default; naming them all in one binding makes a member
// added later a compile error here until it is filled.
GpuSlot FullSlot() {
  GpuSlot slot;
  auto& [id, uuid, mig_profile, weight, memory_bytes, taken, holder] = slot;
  id = "1:2";
  uuid = "MIG-1";
  mig_profile = "3g.40gb";
  weight = 3.0 / 7;
  memory_bytes = 40ull << 30;
  taken = true;
  SlotHolder held;
  auto& [user, container, state, gpu_state] = held;
  user = "alice";
  container = "train";
  state = ContainerState::kPaused;
  gpu_state = "held";
  holder = held;
  return slot;
}

GpuInventory FullInventory() {
  Gpu gpu;
  auto& [index, uuid, model, memory_bytes, mig, slots] = gpu;
  index = 1;
  uuid = "GPU-1";
  model = "A100";
  memory_bytes = 80ull << 30;
  mig = true;
  slots = {FullSlot(), GpuSlot{"1:3", "MIG-2", "1g.10gb", 1.0 / 7, 10ull << 30, false, {}}};
  GpuInventory inventory;
  auto& [simulated, source, gpus, reason] = inventory;
  simulated = true;
  source = "declared in config (simulated)";
  gpus = {gpu};
  reason = "no GPUs here";
  return inventory;
}

TEST(WireGpus, EveryFieldSurvivesTheTrip) {
  EXPECT_EQ(RoundTrip(FullInventory()), FullInventory());
}

TEST(WireGpus, KeysAreTheDocumentedOnes) {
  const nlohmann::json json = FullInventory();
  EXPECT_EQ(Keys(json), (Strings{"gpus", "reason", "simulated", "source"}));
  EXPECT_EQ(Keys(json["gpus"][0]),
            (Strings{"index", "memory_bytes", "mig", "model", "slots", "uuid"}));
  EXPECT_EQ(Keys(json["gpus"][0]["slots"][0]),
            (Strings{"holder", "memory_bytes", "mig_profile", "slot", "taken", "uuid", "weight"}));
  EXPECT_EQ(Keys(json["gpus"][0]["slots"][0]["holder"]),
            (Strings{"container", "gpu_state", "state", "user"}));
}

TEST(WireGpus, AFreeSlotHasNoHolderAndAnInventoryWithGpusNoReason) {
  GpuInventory inventory = FullInventory();
  inventory.reason.clear();
  const nlohmann::json json = inventory;
  EXPECT_FALSE(json.contains("reason"));
  EXPECT_FALSE(json["gpus"][0]["slots"][1].contains("holder"));
  EXPECT_EQ(json["gpus"][0]["slots"][1]["taken"], false);
}

TEST(WireGpus, AMalformedInventoryIsAnError) {
  nlohmann::json json = FullInventory();
  json["gpus"][0]["slots"][0]["holder"]["state"] = 3;
  EXPECT_EQ(FromWire<GpuInventory>(json).error().code, ErrorCode::kProtocol);
}

}  // namespace
}  // namespace ds01::api
