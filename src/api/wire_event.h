#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "api/wire_json.h"

namespace ds01::api {

/// One line of GET /v1/events: a change as the audit trail recorded it.
struct Event {
  std::int64_t id = 0;  // the audit log's, increasing
  TimePoint time{};
  std::string actor;      // a user, an admin, or "ds01d"
  std::string action;     // "create", "stop", "hold-expired", "reconcile", …
  std::string owner;      // the container's owner; empty when the event names no container
  std::string container;  // empty when the event names no container
  std::string outcome;    // "ok", "refused", "conflict" or "failed"
  std::string detail;

  bool operator==(const Event&) const = default;
};

void to_json(nlohmann::json& json, const Event& event);
void from_json(const nlohmann::json& json, Event& event);

}  // namespace ds01::api
