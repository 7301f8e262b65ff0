#pragma once

#include <string>

#include "api/wire_event.h"

namespace ds01::cli {

/// The header of the events table, TIME CONTAINER ACTION BY DETAIL, in EventRow's widths.
std::string EventHeader();

/// One event of the daemon's feed as a row of the events table, without a newline: its time in
/// the local zone, "owner/container", the action with its outcome unless that is ok
/// ("stop (failed)"), who acted, and the detail. The widths are fixed, not measured over the
/// rows, so that each event can be printed the moment it arrives.
std::string EventRow(const api::Event& event);

}  // namespace ds01::cli
