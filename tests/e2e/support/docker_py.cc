#include "tests/e2e/support/docker_py.h"

#include "tests/e2e/support/process.h"

namespace ds01::e2e {

Result<nlohmann::json> InspectWithDockerPy(const std::string& engine_address,
                                           const std::string& docker_name) {
  ProcessSpec spec;
  spec.path = "/usr/bin/python3";
  spec.argv = {"python3", "-c",
               "import docker, json, sys\n"
               "client = docker.APIClient(base_url=sys.argv[1], version='auto')\n"
               "print(json.dumps(client.inspect_container(sys.argv[2])))\n",
               engine_address, docker_name};
  spec.env = {"PATH=/usr/bin:/bin"};
  Result<ProcessResult> ran = RunProcess(spec);
  if (!ran.ok()) return ran.error();
  if (ran->exit_code != 0) {
    return MakeError(ErrorCode::kInternal, "docker-py could not inspect " + docker_name,
                     ran->Describe());
  }
  auto parsed = nlohmann::json::parse(ran->out, nullptr, false);
  if (!parsed.is_object()) {
    return MakeError(ErrorCode::kProtocol, "docker-py printed no object", ran->out);
  }
  return parsed;
}

}  // namespace ds01::e2e
