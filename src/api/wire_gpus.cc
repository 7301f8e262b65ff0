#include "api/wire_gpus.h"

namespace ds01::api {

void to_json(nlohmann::json& json, const SlotHolder& holder) {
  json = {{"user", holder.user},
          {"container", holder.container},
          {"state", holder.state},
          {"gpu_state", holder.gpu_state}};
}

void from_json(const nlohmann::json& json, SlotHolder& holder) {
  json.at("user").get_to(holder.user);
  json.at("container").get_to(holder.container);
  json.at("state").get_to(holder.state);
  json.at("gpu_state").get_to(holder.gpu_state);
}

void to_json(nlohmann::json& json, const GpuSlot& slot) {
  json = {{"slot", slot.slot},
          {"uuid", slot.uuid},
          {"mig_profile", slot.mig_profile},
          {"weight", slot.weight},
          {"memory_bytes", slot.memory_bytes},
          {"taken", slot.taken}};
  PutIfSet(json, "holder", slot.holder);
}

void from_json(const nlohmann::json& json, GpuSlot& slot) {
  json.at("slot").get_to(slot.slot);
  json.at("uuid").get_to(slot.uuid);
  json.at("mig_profile").get_to(slot.mig_profile);
  json.at("weight").get_to(slot.weight);
  json.at("memory_bytes").get_to(slot.memory_bytes);
  json.at("taken").get_to(slot.taken);
  slot.holder = OptionalAt<SlotHolder>(json, "holder");
}

void to_json(nlohmann::json& json, const Gpu& gpu) {
  json = {{"index", gpu.index}, {"uuid", gpu.uuid},
          {"model", gpu.model}, {"memory_bytes", gpu.memory_bytes},
          {"mig", gpu.mig},     {"slots", gpu.slots}};
}

void from_json(const nlohmann::json& json, Gpu& gpu) {
  json.at("index").get_to(gpu.index);
  json.at("uuid").get_to(gpu.uuid);
  json.at("model").get_to(gpu.model);
  json.at("memory_bytes").get_to(gpu.memory_bytes);
  json.at("mig").get_to(gpu.mig);
  json.at("slots").get_to(gpu.slots);
}

void to_json(nlohmann::json& json, const GpuInventory& inventory) {
  json = {
      {"simulated", inventory.simulated}, {"source", inventory.source}, {"gpus", inventory.gpus}};
  if (!inventory.reason.empty()) json["reason"] = inventory.reason;
}

void from_json(const nlohmann::json& json, GpuInventory& inventory) {
  json.at("simulated").get_to(inventory.simulated);
  json.at("source").get_to(inventory.source);
  json.at("gpus").get_to(inventory.gpus);
  inventory.reason = OptionalAt<std::string>(json, "reason").value_or("");
}

}  // namespace ds01::api
