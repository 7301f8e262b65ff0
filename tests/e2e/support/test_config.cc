#include "tests/e2e/support/test_config.h"

#include <fmt/format.h>

namespace ds01::e2e {

std::string TestConfig::Yaml() const {
  std::string text = "# ds01d config written by the end-to-end tests: simulated GPUs only.\n";
  text += "gpus:\n";
  for (int i = 0; i < gpus; ++i) text += "  - {model: \"Simulated E2E GPU\", memory: 16G}\n";
  text += fmt::format(
      "defaults:\n"
      "  max_gpus: {}\n"
      "  max_gpus_per_container: {}\n"
      "  max_containers: {}\n"
      "  memory: {}\n"
      "  cpus: {}\n"
      "  shm_size: 64M\n"
      "  pids_limit: 512\n"
      "  gpu_hold_after_stop: {}\n"
      "  container_hold_after_stop: {}\n"
      "{}"
      "groups:\n"
      "  admin: {{unix_group: {}, admin: true}}\n"
      "images: {{allowed: [\"ds01-test/*\"]}}\n"
      "frameworks: {{minimal: \"ds01-test/base:latest\"}}\n"
      "workspaces:\n"
      "  root: \"{}\"\n",
      max_gpus, max_gpus_per_container, max_containers, memory, cpus, gpu_hold_after_stop,
      container_hold_after_stop, log_size.empty() ? "" : "  log_size: " + log_size + "\n",
      admin_group, workspace_root);
  if (!shared_readonly.empty()) text += fmt::format("  shared_readonly: [{}]\n", shared_readonly);
  if (!network.empty()) text += fmt::format("network: {{{}}}\n", network);
  if (!security.empty()) text += fmt::format("security: {{{}}}\n", security);
  return text;
}

}  // namespace ds01::e2e
