#pragma once

#include <string>

#include "http/socket.h"

namespace ds01::docker {

/// An answer taken off the engine client right after its head, for another reader (ds01d hands
/// it to the CLI): the engine's socket, and the body bytes that came with the head, as sent.
/// The request asked the engine to close the connection after this answer, so that it reads no
/// further request from that socket, whoever holds it.
struct AnswerConnection {
  http::Socket socket;
  bool chunked = false;  // the body comes in chunks; otherwise it runs until the engine closes
  std::string early_bytes;
};

}  // namespace ds01::docker
