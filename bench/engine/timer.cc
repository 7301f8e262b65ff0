// ds01-bench-timer RUNS CMD [ARG...]: runs CMD once to warm up, then RUNS times, each with its
// stdin, stdout and stderr on /dev/null, and prints the median whole-process wall time in
// seconds. Exits 1 when any run fails, so a benchmark never reports a broken command's speed.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <vector>

extern char** environ;

namespace ds01::bench {
namespace {

// One run's wall time, or nullopt when CMD could not start or did not exit 0.
std::optional<double> TimeOnce(char** argv) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  for (int fd = 0; fd <= 2; ++fd) {
    posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0);
  }
  auto started = std::chrono::steady_clock::now();
  pid_t pid = 0;
  int spawned = posix_spawnp(&pid, argv[0], &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return std::nullopt;
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return std::nullopt;
  auto elapsed = std::chrono::steady_clock::now() - started;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
  return std::chrono::duration<double>(elapsed).count();
}

int Main(int argc, char** argv) {
  int runs = argc > 2 ? std::atoi(argv[1]) : 0;
  if (runs < 1) {
    std::fprintf(stderr, "usage: ds01-bench-timer RUNS CMD [ARG...]\n");
    return 2;
  }
  char** command = argv + 2;
  if (!TimeOnce(command)) {
    std::fprintf(stderr, "ds01-bench-timer: '%s' failed\n", command[0]);
    return 1;
  }
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) {
    std::optional<double> took = TimeOnce(command);
    if (!took) {
      std::fprintf(stderr, "ds01-bench-timer: '%s' failed on run %d\n", command[0], i + 1);
      return 1;
    }
    times.push_back(*took);
  }
  std::sort(times.begin(), times.end());
  std::size_t mid = times.size() / 2;
  double median = times.size() % 2 == 1 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
  std::printf("%.6f\n", median);
  return 0;
}

}  // namespace
}  // namespace ds01::bench

int main(int argc, char** argv) { return ds01::bench::Main(argc, argv); }
