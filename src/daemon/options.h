#pragma once

#include <string>

namespace CLI {
class App;
}

namespace ds01::daemon {

/// The command line of ds01d (the interface).
struct DaemonOptions {
  std::string config_path = "/etc/ds01/ds01.yaml";
  std::string socket_path = "/run/ds01/ds01.sock";
  std::string state_dir = "/var/lib/ds01";
  std::string docker_host;  // empty: $DOCKER_HOST, else the engine's default socket
  bool check = false;       // report on the host's readiness and exit
};

/// Declares ds01d's flags on `app`, each writing into `options`.
void DeclareOptions(CLI::App& app, DaemonOptions* options);

}  // namespace ds01::daemon
