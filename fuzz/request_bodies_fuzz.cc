// Every JSON body a route of ds01d reads comes from any local user: each must be parsed and
// judged by policy or refused with an invalid_argument error, within bounded memory, never crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "daemon/request_bodies.h"
#include "policy/config.h"
#include "policy/validation.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const auto refused_plainly = [](const ds01::Error& error) {
    if (error.code != ds01::ErrorCode::kInvalidArgument) __builtin_trap();
  };
  auto create = ds01::daemon::ParseCreateBody(body);
  if (create.ok()) {
    static const ds01::policy::Config config;
    static const ds01::policy::RequestValidator validator{ds01::policy::ProtectedSockets{}};
    const ds01::policy::Identity alice{1000, 1000, "alice", {"alice"}};
    (void)validator.Validate(create->options, config, ds01::policy::EffectiveLimits(config, alice),
                             alice);
  } else {
    refused_plainly(create.error());
  }
  if (auto stop = ds01::daemon::ParseStopBody(body); !stop.ok()) refused_plainly(stop.error());
  if (auto remove = ds01::daemon::ParseRemoveBody(body); !remove.ok()) {
    refused_plainly(remove.error());
  }
  return 0;
}
