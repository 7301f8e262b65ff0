#pragma once

#include <sys/types.h>

#include <optional>
#include <set>
#include <string>

#include "common/error.h"
#include "policy/config.h"
#include "policy/validation.h"

namespace ds01::policy {

/// The host ports one user may publish on, first to last.
struct PortRange {
  int first = 0;
  int last = 0;

  /// "20010-20019", for messages.
  std::string ToString() const;
};

/// The range of `uid`: ranges of network.ports_per_user ports follow one another from
/// network.ports_first, uid 1000's first, so no two users share a port. Nothing for a uid
/// below 1000 (system accounts) or one whose range would pass port 65535.
std::optional<PortRange> PortRangeOf(const NetworkPolicy& network, uid_t uid);

/// Checks and normalises a create's ports: container ports from 1 to 65535, tcp or udp, the
/// host side on 127.0.0.1 unless network.public_ports lets it listen on 0.0.0.0, every host
/// port asked for inside the caller's range (kPermissionDenied naming the range), no host port
/// twice; at most as many ports as the range holds. Host ports left at 0 are for AssignPorts.
Status CheckPorts(CreateRequest* request, const NetworkPolicy& network, uid_t uid);

/// Gives each port left at 0 the lowest port of the caller's range that neither `taken` (their
/// other containers' ports) nor another port of the request has; refused when the
/// range is full (kLimitExceeded).
Status AssignPorts(CreateRequest* request, const NetworkPolicy& network, uid_t uid,
                   const std::set<int>& taken);

}  // namespace ds01::policy
