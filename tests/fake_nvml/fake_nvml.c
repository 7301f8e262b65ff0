/* A fake libnvidia-ml.so.1 for machines without a GPU. It exports the NVML entry points ds01
 * uses, with NVML's calling conventions and struct layouts, and answers from the JSON file named
 * by $FAKE_NVML_CONFIG, which it rereads on every call so that tests can rewrite it to simulate
 * load. README.md in this folder describes the file. Built twice: the full variant exports the
 * versioned symbols of a current driver; FAKE_NVML_LEGACY builds an old driver's library that
 * has only the unversioned ones and no MIG or nvmlErrorString. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

#define EXPORT __attribute__((visibility("default")))

enum {
  NVML_SUCCESS = 0,
  NVML_ERROR_UNINITIALIZED = 1,
  NVML_ERROR_INVALID_ARGUMENT = 2,
  NVML_ERROR_NOT_SUPPORTED = 3,
  NVML_ERROR_NOT_FOUND = 6,
  NVML_ERROR_INSUFFICIENT_SIZE = 7,
  NVML_ERROR_DRIVER_NOT_LOADED = 9,
  NVML_ERROR_FUNCTION_NOT_FOUND = 13,
  NVML_ERROR_GPU_IS_LOST = 15,
  NVML_ERROR_UNKNOWN = 999,
};

enum { kMaxGpus = 16, kMaxMig = 8, kMaxProcesses = 128, kMaxMissing = 32, kTextSize = 96 };

/* NVML_VALUE_NOT_AVAILABLE: what a process's memory reads as where NVML cannot tell. */
static const unsigned long long kValueNotAvailable = ~0ULL;

typedef int nvmlReturn_t;
typedef struct fake_handle* nvmlDevice_t;

/* NVML's public structs, laid out as the real library lays them out. */
typedef struct {
  unsigned long long total;
  unsigned long long free;
  unsigned long long used;
} nvmlMemory_t;

typedef struct {
  unsigned int gpu;
  unsigned int memory;
} nvmlUtilization_t;

typedef struct {
  unsigned int pid;
  unsigned long long usedGpuMemory;
} nvmlProcessInfo_v1_t;

typedef struct {
  unsigned int pid;
  unsigned long long usedGpuMemory;
  unsigned int gpuInstanceId;
  unsigned int computeInstanceId;
} nvmlProcessInfo_v2_t;

typedef struct {
  unsigned pid;
  unsigned long long used_memory;
  unsigned gpu_instance_id;
  unsigned compute_instance_id;
} fake_process;

/* A whole GPU or one MIG instance. */
typedef struct {
  int present;
  int handle_error;    /* what looking the handle up answers instead of success */
  int processes_error; /* what the process queries answer instead of the list */
  char uuid[kTextSize];
  char name[kTextSize];
  unsigned long long memory_total;
  unsigned long long memory_used;
  int has_utilization;
  unsigned utilization_gpu;
  unsigned utilization_memory;
  unsigned gpu_instance_id;
  fake_process processes[kMaxProcesses];
  unsigned process_count;
} fake_device;

typedef struct {
  fake_device device;
  int lost;
  int mig_mode; /* 0 or 1; -1 when the GPU is not MIG-capable */
  unsigned max_mig_devices;
  fake_device mig[kMaxMig];
} fake_gpu;

typedef struct {
  int init_error;
  char driver_version[kTextSize];
  char missing[kMaxMissing][64];
  unsigned missing_count;
  fake_gpu gpus[kMaxGpus];
  unsigned gpu_count;
} fake_state;

/* What an nvmlDevice_t points at; mig is -1 for the GPU itself. Handles stay valid across
 * rereads of the description because they name positions, not parsed data. */
struct fake_handle {
  int gpu;
  int mig;
};

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static fake_state g_state;
static int g_init_count;
static struct fake_handle g_handles[kMaxGpus][kMaxMig + 1];
static fake_process g_scratch[kMaxProcesses * (kMaxMig + 1)];

/* Copies src into a kTextSize field, cutting what does not fit. */
static void copy_text(char* dst, const char* src) {
  size_t n = src ? strlen(src) : 0;
  if (n >= kTextSize) n = kTextSize - 1;
  if (n) memmove(dst, src, n);
  dst[n] = '\0';
}

static void read_processes(const json_value* list, fake_device* device) {
  if (!list || list->type != JSON_ARRAY) return;
  for (size_t i = 0; i < list->count && device->process_count < kMaxProcesses; i++) {
    const json_value* p = &list->items[i];
    fake_process* out = &device->processes[device->process_count++];
    out->pid = (unsigned)json_number(p, "pid", 0);
    const json_value* used = json_get(p, "used_memory");
    out->used_memory = used && used->type == JSON_NULL
                           ? kValueNotAvailable
                           : (unsigned long long)json_number(p, "used_memory", 0);
    out->gpu_instance_id = (unsigned)json_number(p, "gpu_instance_id", device->gpu_instance_id);
    out->compute_instance_id = (unsigned)json_number(p, "compute_instance_id", 0);
  }
}

static void read_device(const json_value* v, fake_device* device) {
  device->present = 1;
  device->handle_error = (int)json_number(v, "error", NVML_SUCCESS);
  device->processes_error = (int)json_number(v, "processes_error", NVML_SUCCESS);
  copy_text(device->uuid, json_string(v, "uuid", ""));
  const char* name = json_string(v, "name", NULL);
  if (name) copy_text(device->name, name);
  device->memory_total = (unsigned long long)json_number(v, "memory_total", 0);
  device->memory_used = (unsigned long long)json_number(v, "memory_used", 0);
  const json_value* utilization = json_get(v, "utilization");
  device->has_utilization = utilization != NULL;
  device->utilization_gpu = (unsigned)json_number(utilization, "gpu", 0);
  device->utilization_memory = (unsigned)json_number(utilization, "memory", 0);
  device->gpu_instance_id = (unsigned)json_number(v, "gpu_instance_id", 0);
  read_processes(json_get(v, "processes"), device);
}

static void read_gpu(const json_value* v, fake_gpu* gpu) {
  read_device(v, &gpu->device);
  gpu->lost = json_bool(v, "lost", 0);
  gpu->mig_mode = (int)json_number(v, "mig_mode", -1);
  gpu->max_mig_devices = (unsigned)json_number(v, "max_mig_devices", gpu->mig_mode < 0 ? 0 : 7);
  const json_value* instances = json_get(v, "mig");
  for (size_t i = 0; instances && instances->type == JSON_ARRAY && i < instances->count; i++) {
    const json_value* m = &instances->items[i];
    size_t index = (size_t)json_number(m, "index", (double)i);
    if (index >= kMaxMig) continue;
    fake_device* mig = &gpu->mig[index];
    const char* profile = json_string(m, "profile", NULL);
    if (profile) {
      char name[2 * kTextSize];
      snprintf(name, sizeof name, "%s MIG %s", gpu->device.name, profile);
      copy_text(mig->name, name);
    }
    read_device(m, mig);
  }
}

static int read_state(const json_value* root) {
  memset(&g_state, 0, sizeof g_state);
  g_state.init_error = (int)json_number(root, "init_error", NVML_SUCCESS);
  copy_text(g_state.driver_version, json_string(root, "driver_version", "550.54.14"));
  const json_value* missing = json_get(root, "missing");
  for (size_t i = 0; missing && missing->type == JSON_ARRAY && i < missing->count; i++) {
    if (missing->items[i].type != JSON_STRING || g_state.missing_count == kMaxMissing) continue;
    snprintf(g_state.missing[g_state.missing_count++], 64, "%s", missing->items[i].string);
  }
  const json_value* gpus = json_get(root, "gpus");
  for (size_t i = 0; gpus && gpus->type == JSON_ARRAY && i < gpus->count && i < kMaxGpus; i++) {
    read_gpu(&gpus->items[i], &g_state.gpus[g_state.gpu_count++]);
  }
  return NVML_SUCCESS;
}

/* Rereads $FAKE_NVML_CONFIG; a missing variable looks like a host without the driver. */
static int load_state(void) {
  const char* path = getenv("FAKE_NVML_CONFIG");
  if (!path || !*path) return NVML_ERROR_DRIVER_NOT_LOADED;
  FILE* file = fopen(path, "rb");
  if (!file) return NVML_ERROR_DRIVER_NOT_LOADED;
  char* text = NULL;
  long size = -1;
  if (fseek(file, 0, SEEK_END) == 0) size = ftell(file);
  if (size >= 0 && fseek(file, 0, SEEK_SET) == 0 && (text = malloc((size_t)size + 1))) {
    text[fread(text, 1, (size_t)size, file)] = '\0';
  }
  fclose(file);
  if (!text) return NVML_ERROR_UNKNOWN;
  char error[128];
  json_value* root = json_parse(text, error, sizeof error);
  free(text);
  if (!root) {
    fprintf(stderr, "fake NVML: %s: %s\n", path, error);
    return NVML_ERROR_UNKNOWN;
  }
  int rc = read_state(root);
  json_free(root);
  return rc;
}

static int is_missing(const char* function) {
  for (unsigned i = 0; i < g_state.missing_count; i++) {
    if (strcmp(g_state.missing[i], function) == 0) return 1;
  }
  return 0;
}

/* Takes the lock and rereads the description; every entry point pairs it with leave(). */
static int enter(const char* function) {
  pthread_mutex_lock(&g_lock);
  int rc = load_state();
  if (rc != NVML_SUCCESS) return rc;
  if (is_missing(function)) return NVML_ERROR_FUNCTION_NOT_FOUND;
  return g_init_count > 0 ? NVML_SUCCESS : NVML_ERROR_UNINITIALIZED;
}

static nvmlReturn_t leave(nvmlReturn_t rc) {
  pthread_mutex_unlock(&g_lock);
  return rc;
}

static nvmlDevice_t handle_for(int gpu, int mig) {
  struct fake_handle* h = &g_handles[gpu][mig + 1];
  h->gpu = gpu;
  h->mig = mig;
  return h;
}

static int resolve(nvmlDevice_t handle, fake_gpu** gpu, fake_device** device) {
  if (!handle || handle->gpu < 0 || (unsigned)handle->gpu >= g_state.gpu_count) {
    return NVML_ERROR_INVALID_ARGUMENT;
  }
  *gpu = &g_state.gpus[handle->gpu];
  if ((*gpu)->lost) return NVML_ERROR_GPU_IS_LOST;
  *device = handle->mig < 0 ? &(*gpu)->device : &(*gpu)->mig[handle->mig];
  if (!(*device)->present || (*device)->handle_error != NVML_SUCCESS) {
    return NVML_ERROR_INVALID_ARGUMENT;
  }
  return NVML_SUCCESS;
}

static int copy_out(const char* text, char* out, unsigned length) {
  if (!out) return NVML_ERROR_INVALID_ARGUMENT;
  if (strlen(text) + 1 > length) return NVML_ERROR_INSUFFICIENT_SIZE;
  memcpy(out, text, strlen(text) + 1);
  return NVML_SUCCESS;
}

static nvmlReturn_t init(const char* function) {
  int rc = enter(function);
  if (rc == NVML_ERROR_UNINITIALIZED) rc = NVML_SUCCESS;
  if (rc == NVML_SUCCESS) rc = g_state.init_error;
  if (rc == NVML_SUCCESS) g_init_count++;
  return leave(rc);
}

static nvmlReturn_t device_count(const char* function, unsigned* count) {
  int rc = enter(function);
  if (rc == NVML_SUCCESS && !count) rc = NVML_ERROR_INVALID_ARGUMENT;
  if (rc == NVML_SUCCESS) *count = g_state.gpu_count;
  return leave(rc);
}

static nvmlReturn_t handle_by_index(const char* function, unsigned index, nvmlDevice_t* out) {
  int rc = enter(function);
  if (rc == NVML_SUCCESS && (!out || index >= g_state.gpu_count)) {
    rc = NVML_ERROR_INVALID_ARGUMENT;
  }
  if (rc == NVML_SUCCESS && g_state.gpus[index].lost) rc = NVML_ERROR_GPU_IS_LOST;
  if (rc == NVML_SUCCESS) rc = g_state.gpus[index].device.handle_error;
  if (rc == NVML_SUCCESS) *out = handle_for((int)index, -1);
  return leave(rc);
}

/* Gathers the processes a query on handle sees: a MIG-enabled GPU sees its instances' too. */
static unsigned gather_processes(nvmlDevice_t handle, fake_gpu* gpu, fake_device* device) {
  unsigned n = 0;
  for (unsigned i = 0; i < device->process_count; i++) g_scratch[n++] = device->processes[i];
  if (handle->mig < 0 && gpu->mig_mode == 1) {
    for (int m = 0; m < kMaxMig; m++) {
      if (!gpu->mig[m].present) continue;
      for (unsigned i = 0; i < gpu->mig[m].process_count; i++) {
        g_scratch[n++] = gpu->mig[m].processes[i];
      }
    }
  }
  return n;
}

/* The three generations of nvmlDeviceGetComputeRunningProcesses; version 1 has the short struct. */
static nvmlReturn_t running_processes(const char* function, int version, nvmlDevice_t handle,
                                      unsigned* count, void* infos) {
  fake_gpu* gpu = NULL;
  fake_device* device = NULL;
  int rc = enter(function);
  if (rc == NVML_SUCCESS) rc = resolve(handle, &gpu, &device);
  if (rc == NVML_SUCCESS && !count) rc = NVML_ERROR_INVALID_ARGUMENT;
  if (rc == NVML_SUCCESS) rc = device->processes_error;
  if (rc != NVML_SUCCESS) return leave(rc);
  unsigned n = gather_processes(handle, gpu, device);
  if (n > 0 && *count >= n && !infos) return leave(NVML_ERROR_INVALID_ARGUMENT);
  if (*count < n) {
    *count = n;
    return leave(NVML_ERROR_INSUFFICIENT_SIZE);
  }
  *count = n;
  for (unsigned i = 0; i < n; i++) {
    if (version == 1) {
      nvmlProcessInfo_v1_t* out = (nvmlProcessInfo_v1_t*)infos + i;
      out->pid = g_scratch[i].pid;
      out->usedGpuMemory = g_scratch[i].used_memory;
    } else {
      nvmlProcessInfo_v2_t* out = (nvmlProcessInfo_v2_t*)infos + i;
      out->pid = g_scratch[i].pid;
      out->usedGpuMemory = g_scratch[i].used_memory;
      out->gpuInstanceId = g_scratch[i].gpu_instance_id;
      out->computeInstanceId = g_scratch[i].compute_instance_id;
    }
  }
  return leave(NVML_SUCCESS);
}

EXPORT nvmlReturn_t nvmlInit(void) { return init("nvmlInit"); }

EXPORT nvmlReturn_t nvmlShutdown(void) {
  pthread_mutex_lock(&g_lock);
  int rc = g_init_count > 0 ? NVML_SUCCESS : NVML_ERROR_UNINITIALIZED;
  if (rc == NVML_SUCCESS) g_init_count--;
  return leave(rc);
}

EXPORT nvmlReturn_t nvmlSystemGetDriverVersion(char* version, unsigned length) {
  int rc = enter("nvmlSystemGetDriverVersion");
  if (rc == NVML_SUCCESS) rc = copy_out(g_state.driver_version, version, length);
  return leave(rc);
}

EXPORT nvmlReturn_t nvmlDeviceGetCount(unsigned* count) {
  return device_count("nvmlDeviceGetCount", count);
}

EXPORT nvmlReturn_t nvmlDeviceGetHandleByIndex(unsigned index, nvmlDevice_t* device) {
  return handle_by_index("nvmlDeviceGetHandleByIndex", index, device);
}

EXPORT nvmlReturn_t nvmlDeviceGetUUID(nvmlDevice_t handle, char* uuid, unsigned length) {
  fake_gpu* gpu = NULL;
  fake_device* device = NULL;
  int rc = enter("nvmlDeviceGetUUID");
  if (rc == NVML_SUCCESS) rc = resolve(handle, &gpu, &device);
  if (rc == NVML_SUCCESS) rc = copy_out(device->uuid, uuid, length);
  return leave(rc);
}

EXPORT nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t handle, char* name, unsigned length) {
  fake_gpu* gpu = NULL;
  fake_device* device = NULL;
  int rc = enter("nvmlDeviceGetName");
  if (rc == NVML_SUCCESS) rc = resolve(handle, &gpu, &device);
  if (rc == NVML_SUCCESS) rc = copy_out(device->name, name, length);
  return leave(rc);
}

EXPORT nvmlReturn_t nvmlDeviceGetMemoryInfo(nvmlDevice_t handle, nvmlMemory_t* memory) {
  fake_gpu* gpu = NULL;
  fake_device* device = NULL;
  int rc = enter("nvmlDeviceGetMemoryInfo");
  if (rc == NVML_SUCCESS) rc = resolve(handle, &gpu, &device);
  if (rc == NVML_SUCCESS && !memory) rc = NVML_ERROR_INVALID_ARGUMENT;
  if (rc == NVML_SUCCESS) {
    memory->total = device->memory_total;
    memory->used = device->memory_used;
    memory->free = device->memory_total - device->memory_used;
  }
  return leave(rc);
}

/* Like the real library: no utilisation for MIG instances or for a GPU with MIG enabled. */
EXPORT nvmlReturn_t nvmlDeviceGetUtilizationRates(nvmlDevice_t handle, nvmlUtilization_t* rates) {
  fake_gpu* gpu = NULL;
  fake_device* device = NULL;
  int rc = enter("nvmlDeviceGetUtilizationRates");
  if (rc == NVML_SUCCESS) rc = resolve(handle, &gpu, &device);
  if (rc == NVML_SUCCESS && !rates) rc = NVML_ERROR_INVALID_ARGUMENT;
  if (rc == NVML_SUCCESS && (handle->mig >= 0 || gpu->mig_mode == 1 || !device->has_utilization)) {
    rc = NVML_ERROR_NOT_SUPPORTED;
  }
  if (rc == NVML_SUCCESS) {
    rates->gpu = device->utilization_gpu;
    rates->memory = device->utilization_memory;
  }
  return leave(rc);
}

EXPORT nvmlReturn_t nvmlDeviceGetComputeRunningProcesses(nvmlDevice_t device, unsigned* count,
                                                         nvmlProcessInfo_v1_t* infos) {
  return running_processes("nvmlDeviceGetComputeRunningProcesses", 1, device, count, infos);
}

#ifndef FAKE_NVML_LEGACY

EXPORT nvmlReturn_t nvmlInit_v2(void) { return init("nvmlInit_v2"); }

EXPORT const char* nvmlErrorString(nvmlReturn_t result) {
  switch (result) {
    case NVML_SUCCESS:
      return "Success";
    case NVML_ERROR_UNINITIALIZED:
      return "Uninitialized";
    case NVML_ERROR_INVALID_ARGUMENT:
      return "Invalid Argument";
    case NVML_ERROR_NOT_SUPPORTED:
      return "Not Supported";
    case NVML_ERROR_NOT_FOUND:
      return "Not Found";
    case NVML_ERROR_INSUFFICIENT_SIZE:
      return "Insufficient Size";
    case NVML_ERROR_DRIVER_NOT_LOADED:
      return "Driver Not Loaded";
    case NVML_ERROR_FUNCTION_NOT_FOUND:
      return "Function Not Found";
    case NVML_ERROR_GPU_IS_LOST:
      return "GPU is lost";
    default:
      return "Unknown Error";
  }
}

EXPORT nvmlReturn_t nvmlDeviceGetCount_v2(unsigned* count) {
  return device_count("nvmlDeviceGetCount_v2", count);
}

EXPORT nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned index, nvmlDevice_t* device) {
  return handle_by_index("nvmlDeviceGetHandleByIndex_v2", index, device);
}

EXPORT nvmlReturn_t nvmlDeviceGetComputeRunningProcesses_v2(nvmlDevice_t device, unsigned* count,
                                                            nvmlProcessInfo_v2_t* infos) {
  return running_processes("nvmlDeviceGetComputeRunningProcesses_v2", 2, device, count, infos);
}

EXPORT nvmlReturn_t nvmlDeviceGetComputeRunningProcesses_v3(nvmlDevice_t device, unsigned* count,
                                                            nvmlProcessInfo_v2_t* infos) {
  return running_processes("nvmlDeviceGetComputeRunningProcesses_v3", 3, device, count, infos);
}

EXPORT nvmlReturn_t nvmlDeviceGetMigMode(nvmlDevice_t handle, unsigned* current,
                                         unsigned* pending) {
  fake_gpu* gpu = NULL;
  fake_device* device = NULL;
  int rc = enter("nvmlDeviceGetMigMode");
  if (rc == NVML_SUCCESS) rc = resolve(handle, &gpu, &device);
  if (rc == NVML_SUCCESS && (!current || !pending)) rc = NVML_ERROR_INVALID_ARGUMENT;
  if (rc == NVML_SUCCESS && (handle->mig >= 0 || gpu->mig_mode < 0)) {
    rc = NVML_ERROR_NOT_SUPPORTED;
  }
  if (rc == NVML_SUCCESS) *current = *pending = (unsigned)gpu->mig_mode;
  return leave(rc);
}

EXPORT nvmlReturn_t nvmlDeviceGetMaxMigDeviceCount(nvmlDevice_t handle, unsigned* count) {
  fake_gpu* gpu = NULL;
  fake_device* device = NULL;
  int rc = enter("nvmlDeviceGetMaxMigDeviceCount");
  if (rc == NVML_SUCCESS) rc = resolve(handle, &gpu, &device);
  if (rc == NVML_SUCCESS && !count) rc = NVML_ERROR_INVALID_ARGUMENT;
  if (rc == NVML_SUCCESS && (handle->mig >= 0 || gpu->mig_mode < 0)) {
    rc = NVML_ERROR_NOT_SUPPORTED;
  }
  if (rc == NVML_SUCCESS) *count = gpu->max_mig_devices;
  return leave(rc);
}

/* Empty indices answer NOT_FOUND; an instance's "error" replaces success. */
EXPORT nvmlReturn_t nvmlDeviceGetMigDeviceHandleByIndex(nvmlDevice_t handle, unsigned index,
                                                        nvmlDevice_t* mig) {
  fake_gpu* gpu = NULL;
  fake_device* device = NULL;
  int rc = enter("nvmlDeviceGetMigDeviceHandleByIndex");
  if (rc == NVML_SUCCESS) rc = resolve(handle, &gpu, &device);
  if (rc == NVML_SUCCESS && (!mig || handle->mig >= 0 || index >= gpu->max_mig_devices)) {
    rc = NVML_ERROR_INVALID_ARGUMENT;
  }
  if (rc == NVML_SUCCESS && gpu->mig_mode != 1) rc = NVML_ERROR_NOT_SUPPORTED;
  if (rc == NVML_SUCCESS && (index >= kMaxMig || !gpu->mig[index].present)) {
    rc = NVML_ERROR_NOT_FOUND;
  }
  if (rc == NVML_SUCCESS) rc = gpu->mig[index].handle_error;
  if (rc == NVML_SUCCESS) *mig = handle_for(handle->gpu, (int)index);
  return leave(rc);
}

EXPORT nvmlReturn_t nvmlDeviceGetGpuInstanceId(nvmlDevice_t handle, unsigned* id) {
  fake_gpu* gpu = NULL;
  fake_device* device = NULL;
  int rc = enter("nvmlDeviceGetGpuInstanceId");
  if (rc == NVML_SUCCESS) rc = resolve(handle, &gpu, &device);
  if (rc == NVML_SUCCESS && !id) rc = NVML_ERROR_INVALID_ARGUMENT;
  if (rc == NVML_SUCCESS && handle->mig < 0) rc = NVML_ERROR_NOT_SUPPORTED;
  if (rc == NVML_SUCCESS) *id = device->gpu_instance_id;
  return leave(rc);
}

#endif /* FAKE_NVML_LEGACY */
