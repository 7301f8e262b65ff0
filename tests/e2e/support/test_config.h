#pragma once

#include <string>

namespace ds01::e2e {

/// The knobs of the ds01d config an end-to-end test runs under; Yaml() renders the file.
struct TestConfig {
  int gpus = 8;  // simulated whole GPUs, declared under gpus:
  double max_gpus = 2;
  double max_gpus_per_container = 1;
  int max_containers = 10;
  std::string memory = "512M";
  std::string cpus = "1";
  std::string gpu_hold_after_stop = "5s";
  std::string container_hold_after_stop = "1h";
  std::string log_size;         // defaults.log_size when set, e.g. "4G"; ds01d's default otherwise
  std::string workspace_root;   // workspaces.root, with {user}
  std::string admin_group;      // members of this Unix group are admins
  std::string shared_readonly;  // workspaces.shared_readonly entries, e.g. "/srv/data"
  std::string security;         // the security: section's entries, e.g. "run_as_user: false"
  std::string network;          // the network: section's entries, e.g. "networks: [lab-net]"

  /// The config file's text (DESIGN.md §7): gpus, defaults, the admin group, workspaces and
  /// (when set) network and security.
  std::string Yaml() const;
};

}  // namespace ds01::e2e
