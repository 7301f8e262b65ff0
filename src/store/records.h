#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "api/lifecycle.h"

namespace ds01::store {

using TimePoint = std::chrono::system_clock::time_point;

/// Times are stored as integer milliseconds since the Unix epoch.
std::int64_t ToMillis(TimePoint t);
/// The inverse of ToMillis.
TimePoint FromMillis(std::int64_t millis);

// A container's states are the API's (api/lifecycle.h), stored by their names.
using api::ContainerState;
using api::ContainerStateName;
using api::ParseContainerState;

/// One managed container as ds01 records it; (uid, name) is unique.
struct ContainerRecord {
  std::int64_t id = 0;  // assigned by the database
  uid_t uid = 0;
  std::string user;
  std::string name;  // the user-facing name, without the "._.<uid>" suffix
  ContainerState state = ContainerState::kCreating;
  std::string docker_id;  // empty until the container exists
  std::string project;
  std::string image;
  std::string interface = "atomic";  // atomic | orchestration | campaign
  std::string gpu_request;           // what was asked for, re-asked when a hold has expired
  TimePoint created_at{};
  std::optional<TimePoint> started_at;
  std::optional<TimePoint> stopped_at;
};

/// One slot and the container that has it — allocated to a live container, or held for a
/// stopped one (then a Hold row exists for the container). A slot appears at most once.
struct SlotClaim {
  std::string slot_id;  // gpu::Slot::id
  std::string slot_uuid;
  int gpu_index = 0;
  std::string mig_profile;  // empty for a whole GPU
  int slices = 7;           // the slot's weight, in sevenths of a GPU
  std::int64_t container_id = 0;
  TimePoint claimed_at{};
};

/// A claim together with whose it is: what the allocator reads to decide.
struct ClaimView {
  SlotClaim claim;
  uid_t uid = 0;
  std::string user;
  std::string container_name;
  std::optional<TimePoint> hold_expires_at;  // set while the container is stopped and held
};

/// A stopped container keeps its slots until `expires_at`.
struct Hold {
  std::int64_t container_id = 0;
  TimePoint held_since{};
  TimePoint expires_at{};
};

/// How an audited action ended.
enum class Outcome { kOk, kRefused, kConflict, kFailed };

/// "ok", "refused", "conflict" or "failed".
std::string_view OutcomeName(Outcome outcome);
/// The outcome a stored spelling names, or nullopt.
std::optional<Outcome> ParseOutcome(std::string_view name);

/// One line of the append-only audit trail: who did what to what, when, and how it ended.
struct AuditEvent {
  std::int64_t id = 0;  // assigned by the database, increasing
  TimePoint at{};
  uid_t uid = 0;       // who acted (0 for the daemon itself)
  std::string actor;   // their name ("ds01d" for the daemon)
  std::string action;  // "allocate", "stop", "hold-expired", …
  std::string target;  // "alice/train"
  Outcome outcome = Outcome::kOk;
  std::string detail;
};

}  // namespace ds01::store
