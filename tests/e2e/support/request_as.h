#pragma once

#include <chrono>
#include <string>

#include "common/error.h"
#include "http/message.h"
#include "tests/e2e/support/process.h"

namespace ds01::e2e {

/// A stream connection to the unix socket at `socket_path` opened by a child process running
/// as `as` and handed back over SCM_RIGHTS, so the server's SO_PEERCRED names that user. The
/// caller owns the returned descriptor.
Result<int> ConnectAs(const Credentials& as, const std::string& socket_path);

/// Sends `request` on the connected `fd` and reads one whole response (Content-Length,
/// chunked or until close), each wait bounded by `timeout`.
Result<http::Response> Exchange(int fd, const http::Request& request,
                                std::chrono::milliseconds timeout);

/// ConnectAs + Exchange + close: one raw HTTP request to ds01d as the user, for what the CLI
/// cannot express. `body` is sent as application/json when not empty.
Result<http::Response> RequestAs(const Credentials& as, const std::string& socket_path,
                                 const std::string& method, const std::string& target,
                                 const std::string& body = {},
                                 std::chrono::milliseconds timeout = std::chrono::seconds(30));

}  // namespace ds01::e2e
