#include "daemon/options.h"

#include <CLI/CLI.hpp>

namespace ds01::daemon {

void DeclareOptions(CLI::App& app, DaemonOptions* options) {
  app.description(
      "ds01d: the ds01 daemon. It alone talks to the Docker engine and owns the state; users "
      "reach it through the ds01 command over its unix socket.");
  app.add_option("--config", options->config_path, "The config file")->capture_default_str();
  app.add_option("--socket", options->socket_path, "The unix socket to serve the API on")
      ->capture_default_str();
  app.add_option("--state-dir", options->state_dir, "Where the state database lives")
      ->capture_default_str();
  app.add_option("--docker-host", options->docker_host,
                 "The engine's address (unix:///path or tcp://host:port); default $DOCKER_HOST, "
                 "else unix:///var/run/docker.sock");
  app.add_flag("--check", options->check,
               "Check the config, the engine, the NVIDIA runtime, the GPUs and the state "
               "directory, print a report and exit (non-zero on any failure)");
}

}  // namespace ds01::daemon
