#include "cli/project_files.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

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
                   "    container deploy {0} --image={2}   start a container on it, open a shell\n"
                   "    container retire {0}   stop and remove the container, free the GPU\n",
                   project.name, project.framework, project.image)},
      {".gitignore",
       "__pycache__/\n*.py[cod]\n.ipynb_checkpoints/\n.venv/\n*.egg-info/\n.cache/\n"},
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

}  // namespace ds01::cli
