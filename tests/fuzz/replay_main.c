// SPDX-License-Identifier: GPL-2.0
/*
 * replay_main - runs a libFuzzer target over files and directories of
 * inputs, so that a gcc build (and CTest) replays the fuzz corpus, as
 * LLVM's StandaloneFuzzTargetMain does.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (!f) {
		perror(path);
		return 1;
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n > 0 ? (size_t)n : 1);
	if (!buf || (n > 0 && fread(buf, 1, (size_t)n, f) != (size_t)n)) {
		fclose(f);
		free(buf);
		return 1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, (size_t)n);
	free(buf);
	return 0;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	int i, failed = 0, count = 0;

	for (i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st)) {
			perror(argv[i]);
			return 1;
		}
		if (S_ISDIR(st.st_mode)) {
			DIR *d = opendir(argv[i]);
			struct dirent *e;
			char **names = NULL;
			size_t n = 0, k;

			while (d && (e = readdir(d))) {
				if (e->d_name[0] == '.')
					continue;
				names = realloc(names, (n + 1) * sizeof(*names));
				names[n] = malloc(strlen(argv[i]) + strlen(e->d_name) + 2);
				sprintf(names[n++], "%s/%s", argv[i], e->d_name);
			}
			if (d)
				closedir(d);
			qsort(names, n, sizeof(*names), compare_names);
			for (k = 0; k < n; k++) {
				failed |= run_file(names[k]);
				count++;
				free(names[k]);
			}
			free(names);
		} else {
			failed |= run_file(argv[i]);
			count++;
		}
	}
	printf("replayed %d inputs\n", count);
	return failed;
}
