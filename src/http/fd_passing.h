#pragma once

#include "common/error.h"
#include "common/unique_fd.h"

namespace ds01::http {

/// Sends `fd` over the unix socket `channel` with one byte of data (SCM_RIGHTS): the receiver
/// gets its own descriptor for the same open file. Only async-signal-safe calls, so that a
/// forked child may use it. False when the kernel refused it.
bool SendDescriptor(int channel, int fd) noexcept;

/// Receives one descriptor sent by SendDescriptor, close-on-exec; kUnavailable when the peer
/// sent none (or closed first).
Result<UniqueFd> ReceiveDescriptor(int channel);

}  // namespace ds01::http
