#include "cli/project_files.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <toml.hpp>

namespace ds01::cli {

std::vector<ProjectFile> ProjectFiles(const ProjectTemplate& project) {
  return {
      {"Dockerfile", fmt::format("# The image of project {0} (framework: {1}).\n"
                                 "FROM {2}\n"
                                 "WORKDIR /workspace\n"
                                 "# What the project needs on top, for example:\n"
                                 "# RUN pip install --no-cache-dir -r requirements.txt\n",
                                 project.name, project.framework, project.image)},
      {"pyproject.toml",
       fmt::format("[project]\n"
                   "name = \"{}\"\n"
                   "version = \"0.1.0\"\n"
                   "\n"
                   "# Read by ds01: how many GPUs the project's containers ask for.\n"
                   "[tool.ds01]\n"
                   "framework = \"{}\"\n"
                   "gpus = {}\n",
                   project.name, project.framework, project.gpus)},
      {"README.md",
       fmt::format("# {0}\n"
                   "\n"
                   "A ds01 project ({1}). Its files are mounted at /workspace in its containers.\n"
                   "\n"
                   "    project launch {0}     build its image, start its container, open a shell\n"
                   "    image-update {0}       rebuild the image after editing the Dockerfile\n"
                   "    container retire {0}   stop and remove the container, free the GPU\n",
                   project.name, project.framework)},
      {".gitignore",
       "__pycache__/\n*.py[cod]\n.ipynb_checkpoints/\n.venv/\n*.egg-info/\n.cache/\n"},
      // What the image never needs, and a virtual environment's links out of the project,
      // which a build refuses.
      {".dockerignore", ".git/\n.venv/\n__pycache__/\n.ipynb_checkpoints/\n.cache/\n"},
  };
}

Status WriteProject(const std::filesystem::path& dir, const std::vector<ProjectFile>& files) {
  if (::mkdir(dir.c_str(), 0755) != 0) {
    if (errno == EEXIST) {
      return MakeError(ErrorCode::kConflict,
                       "A project already exists at " + dir.string() + "; nothing was changed",
                       "choose another name, or work in it: container-create " +
                           dir.filename().string() + " mounts it at /workspace");
    }
    return MakeError(ErrorCode::kInvalidArgument,
                     "Cannot make " + dir.string() + ": " + std::strerror(errno),
                     "check that your workspace root exists and is yours");
  }
  for (const ProjectFile& file : files) {
    const std::filesystem::path path = dir / file.path;
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
    const bool written = fd >= 0 && ::write(fd, file.text.data(), file.text.size()) ==
                                        static_cast<ssize_t>(file.text.size());
    if (fd >= 0) ::close(fd);
    if (!written) {
      return MakeError(ErrorCode::kInternal, "Cannot write " + path.string(),
                       "check the space and permissions of your workspace");
    }
  }
  return Ok();
}

Result<ProjectSettings> ReadProjectSettings(const std::filesystem::path& dir) {
  const std::filesystem::path path = dir / "pyproject.toml";
  ProjectSettings settings;
  std::error_code missing;
  if (!std::filesystem::exists(path, missing)) return settings;
  const auto invalid = [&path](const std::string& why) {
    return MakeError(ErrorCode::kInvalidArgument, "Cannot read " + path.string() + ": " + why,
                     "fix the file; [tool.ds01] takes framework = \"NAME\" and gpus = N");
  };
  try {
    const toml::value document = toml::parse(path.string());
    if (!document.contains("tool") || !document.at("tool").contains("ds01")) return settings;
    const toml::value& table = document.at("tool").at("ds01");
    // find_or would take a value of the wrong type for a missing one; this refuses it.
    if (table.contains("framework"))
      settings.framework = toml::find<std::string>(table, "framework");
    if (table.contains("gpus")) settings.gpus = toml::find<int>(table, "gpus");
  } catch (const std::exception& error) {
    return invalid(error.what());
  }
  if (settings.gpus < 0 || settings.gpus > 64) {
    return invalid("gpus = " + std::to_string(settings.gpus) + " is not a GPU count");
  }
  return settings;
}

std::vector<ProjectEntry> ListProjects(const std::filesystem::path& root) {
  std::vector<ProjectEntry> projects;
  std::error_code error;
  for (std::filesystem::directory_iterator it(root, error), end; !error && it != end;
       it.increment(error)) {
    std::error_code probe;
    if (!it->is_directory(probe) || !std::filesystem::exists(it->path() / "Dockerfile", probe)) {
      continue;
    }
    auto settings = ReadProjectSettings(it->path());
    projects.push_back(
        {it->path().filename().string(), settings.ok() ? *settings : ProjectSettings{}});
  }
  std::sort(projects.begin(), projects.end(),
            [](const ProjectEntry& a, const ProjectEntry& b) { return a.name < b.name; });
  return projects;
}

}  // namespace ds01::cli
