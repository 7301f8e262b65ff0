#pragma once

#include <string_view>

#include "api/wire_requests.h"
#include "common/error.h"

namespace ds01::cli {

/// `-p/--port [[IP:]HOST:]CTR[/tcp|udp]` as docker writes it: the container's port, and where
/// on the host it is published (ds01d picks the host port when it is left out, and listens on
/// 127.0.0.1 unless IP says otherwise and policy allows it). A malformed one is a usage error.
Result<api::Port> ParsePortFlag(std::string_view text);

}  // namespace ds01::cli
