#include "cli/commands/project_init.h"

#include <spawn.h>
#include <sys/wait.h>

#include "api/names.h"
#include "api/wire_workspace.h"
#include "cli/output/menu.h"
#include "cli/project_files.h"

extern char** environ;

namespace ds01::cli {
namespace {

constexpr std::string_view kDefaultFramework = "pytorch";

// The framework the project is built on: --type, else the user's pick on a terminal, else
// pytorch when the catalogue has it, else the catalogue's first.
Result<std::string> ChooseFramework(Session& session, const ProjectInitOptions& options,
                                    const std::map<std::string, std::string>& frameworks) {
  if (frameworks.empty()) {
    return MakeError(ErrorCode::kUnavailable, "This server's config lists no frameworks",
                     "ask an admin to add base images under frameworks: in the ds01 config");
  }
  std::string names;
  for (const auto& [name, image] : frameworks) names += (names.empty() ? "" : ", ") + name;
  if (options.type) {
    if (!frameworks.contains(*options.type)) {
      return UsageError("--type=" + *options.type + " is not a framework of this server",
                        "choose one of: " + names);
    }
    return *options.type;
  }
  if (session.interactive && !options.quick) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> keys;
    for (const auto& [name, image] : frameworks) {
      rows.push_back({name, image});
      keys.push_back(name);
    }
    auto picked = ChooseFromMenu(session.in, session.out, "Framework of the project:", rows);
    if (!picked.ok()) return std::move(picked).error();
    return keys[*picked];
  }
  if (frameworks.contains(std::string(kDefaultFramework))) return std::string(kDefaultFramework);
  return frameworks.begin()->first;
}

// `git init` in `dir`; a note instead when git is not installed.
void InitGit(Session& session, const std::string& dir) {
  const char* argv[] = {"git", "init", "-q", dir.c_str(), nullptr};
  pid_t pid = 0;
  if (::posix_spawnp(&pid, "git", nullptr, nullptr, const_cast<char**>(argv), environ) != 0) {
    session.out << "git is not installed: no repository made (git init " << dir << " later)\n";
    return;
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    session.out << "git init failed: no repository made\n";
  }
}

}  // namespace

void DeclareProjectInit(ArgSpec& args, ProjectInitOptions& options) {
  args.Name(&options.name);
  args.Text("--type", "FRAMEWORK", &options.type);
  args.Count("--gpu,--gpus", "N", &options.gpus, "give a whole number: --gpu=1");
  args.Flag("--quick", &options.quick);
  args.Flag("--no-git", &options.no_git);
}

Status RunProjectInit(Session& session, const ProjectInitOptions& options) {
  std::string name = options.name.value_or("");
  if (name.empty()) {
    if (!session.interactive || options.quick) {
      return UsageError("project init needs the project's name", "project init my-thesis");
    }
    auto asked = AskLine(session.in, session.out, "Name of the project:");
    if (!asked.ok()) return std::move(asked).error();
    name = *asked;
  }
  DS01_RETURN_IF_ERROR(api::ValidateProjectName(name));
  auto workspace = CallAs<api::Workspace>(session.daemon, "GET", "/v1/workspace");
  if (!workspace.ok()) return std::move(workspace).error();
  auto framework = ChooseFramework(session, options, workspace->frameworks);
  if (!framework.ok()) return std::move(framework).error();
  const std::string dir = workspace->root + "/" + name;
  session.guide.Step("before", {{"name", name}, {"dir", dir}});
  const ProjectTemplate project{name, *framework, workspace->frameworks.at(*framework),
                                options.gpus.value_or(1)};
  DS01_RETURN_IF_ERROR(WriteProject(dir, ProjectFiles(project)));
  if (!options.no_git) InitGit(session, dir);
  session.out << "Created project " << name << " in " << dir << " (" << project.framework << ", "
              << project.image << ")\n"
              << "Next: project launch " << name << "\n";
  session.guide.Step("after", {{"name", name}, {"dir", dir}});
  return Ok();
}

CommandSpec ProjectInitCommand() {
  return {"project-init", "project",
          "init",         "Create a project: Dockerfile, pyproject.toml, README, git",
          "project_init", &Bind<ProjectInitOptions, DeclareProjectInit, RunProjectInit>};
}

}  // namespace ds01::cli
