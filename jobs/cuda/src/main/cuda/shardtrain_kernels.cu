// shardtrain's CUDA kernels, loaded as PTX through JCuda's driver API (org.shardtrain.cuda.CudaKernels).
//
// Compiled with -fmad=false: only the fma() calls written here are fused, so each value is the chain of
// operations the CPU kernels compute (org.shardtrain.core.kernel): the k-means scores and distances and the
// ALS normal equations are the same bits on either backend; sums over chunks follow the CPU's chunking.
// Double precision throughout.

#define CHAINS 8
#define MAX_RANK 32

__device__ __forceinline__ double sum_chains(const double* c) {
  return ((c[0] + c[1]) + (c[2] + c[3])) + ((c[4] + c[5]) + (c[6] + c[7]));
}

__device__ __forceinline__ double positive_infinity() { return __longlong_as_double(0x7ff0000000000000LL); }

// Java's Math.max(0.0, v): NaN stays NaN (fmax would return 0), negatives and -0.0 become +0.0.
__device__ __forceinline__ double java_max0(double v) { return v != v ? v : (v > 0.0 ? v : 0.0); }

extern "C" {

// k-means: one thread per point. score_j = bias_j - 2 x.c_j (a chain of FMAs over the dimensions in order),
// lowest wins, ties to the lowest j; then the exact distance to the winner (8 FMA chains, as the CPU).
// Centres are staged in shared memory when they fit (shared_centres != 0; launch with k*d*8 bytes).
__global__ void kmeans_assign(const double* __restrict__ x, int n, int d, const double* __restrict__ centres, int k,
                              const double* __restrict__ bias, int euclidean, int shared_centres,
                              int* __restrict__ nearest, double* __restrict__ distance) {
  extern __shared__ double staged[];
  const double* c = centres;
  if (shared_centres) {
    for (int e = threadIdx.x; e < k * d; e += blockDim.x) staged[e] = centres[e];
    __syncthreads();
    c = staged;
  }
  int p = blockIdx.x * blockDim.x + threadIdx.x;
  if (p >= n) return;
  const double* xp = x + (size_t) p * d;
  int best = 0;
  double best_score = positive_infinity();
  for (int j = 0; j < k; j++) {
    const double* cj = c + (size_t) j * d;
    double s = 0.0;
    for (int i = 0; i < d; i++) s = fma(cj[i], xp[i], s);
    double q = bias[j] - 2.0 * s;
    if (q < best_score) {
      best_score = q;
      best = j;
    }
  }
  double dist;
  if (euclidean) {
    double ch[CHAINS] = {0, 0, 0, 0, 0, 0, 0, 0};
    const double* cb = c + (size_t) best * d;
    for (int i = 0; i < d; i++) {
      double diff = xp[i] - cb[i];
      ch[i & 7] = fma(diff, diff, ch[i & 7]);
    }
    dist = sum_chains(ch);
  } else {
    dist = java_max0(1.0 + best_score / 2.0);
  }
  nearest[p] = best;
  distance[p] = dist;
}

// k-means partial statistics of one chunk of points per block (the CPU's chunks): thread e sums, in point
// order, sums[j][i] (e < k*d) or the cost and count of centre j (e >= k*d).
__global__ void kmeans_partials(const double* __restrict__ x, int n, int d, int k, const int* __restrict__ nearest,
                                const double* __restrict__ distance, int chunk, double* __restrict__ sums,
                                double* __restrict__ costs, double* __restrict__ counts) {
  int c = blockIdx.x;
  int from = c * chunk;
  int to = min(n, from + chunk);
  for (int e = threadIdx.x; e < k * d + k; e += blockDim.x) {
    if (e < k * d) {
      int j = e / d, i = e % d;
      double s = 0.0;
      for (int p = from; p < to; p++) if (nearest[p] == j) s += x[(size_t) p * d + i];
      sums[(size_t) c * k * d + e] = s;
    } else {
      int j = e - k * d;
      double cost = 0.0, count = 0.0;
      for (int p = from; p < to; p++) {
        if (nearest[p] == j) {
          cost += distance[p];
          count += 1.0;
        }
      }
      costs[(size_t) c * k + j] = cost;
      counts[(size_t) c * k + j] = count;
    }
  }
}

// Adds `chunks` rows of `width` partials to the caller's running totals, row by row in order:
// out[e] = ((init[e] + parts[0][e]) + parts[1][e]) + ..., the order in which the CPU merges its chunks.
__global__ void reduce_chunks(const double* __restrict__ init, const double* __restrict__ parts, int chunks, int width,
                              double* __restrict__ out) {
  int e = blockIdx.x * blockDim.x + threadIdx.x;
  if (e >= width) return;
  double s = init[e];
  for (int c = 0; c < chunks; c++) s += parts[(size_t) c * width + e];
  out[e] = s;
}

// ALS: one thread per row builds its packed k x k normal equation exactly as NormalEquation does (upper
// triangle by columns), adds the regularisation lambda * n_r on the diagonal, solves by the same packed
// Cholesky, and writes the row's factors and its squared error (explicit feedback). k <= MAX_RANK.
__global__ void als_solve(const int* __restrict__ row_start, const int* __restrict__ other,
                          const double* __restrict__ ratings, int rows, const double* __restrict__ y, int k,
                          double lambda, int implicit, double alpha, const double* __restrict__ gram,
                          double* __restrict__ out, double* __restrict__ sse) {
  int r = blockIdx.x * blockDim.x + threadIdx.x;
  if (r >= rows) return;
  double ata[MAX_RANK * (MAX_RANK + 1) / 2];
  double atb[MAX_RANK];
  int packed = k * (k + 1) / 2;
  for (int e = 0; e < packed; e++) ata[e] = 0.0;
  for (int j = 0; j < k; j++) atb[j] = 0.0;
  long long count = 0;
  double sum_squares = 0.0;
  for (int q = row_start[r]; q < row_start[r + 1]; q++) {
    const double* yq = y + (size_t) other[q] * k;
    double rating = ratings[q];
    double target, weight;
    if (implicit) {
      double conf = 1.0 + alpha * fabs(rating);
      target = conf * (rating > 0.0 ? 1.0 : 0.0);
      weight = conf - 1.0;
    } else {
      target = rating;
      weight = 1.0;
    }
    int idx = 0;
    for (int j = 0; j < k; j++) {
      double wyj = weight * yq[j];
      for (int i = 0; i <= j; i++) ata[idx++] += yq[i] * wyj;
      atb[j] += target * yq[j];
    }
    count++;
    sum_squares += rating * rating;
  }
  if (implicit) for (int e = 0; e < packed; e++) ata[e] += gram[e];
  // solve: a = A + lambda * n * I, x = b
  double a[MAX_RANK * (MAX_RANK + 1) / 2];
  double x[MAX_RANK];
  for (int e = 0; e < packed; e++) a[e] = ata[e];
  double reg = lambda * (double) count;
  for (int j = 0, idx = 0; j < k; j++) {
    idx += j;
    a[idx++] += reg;
  }
  for (int j = 0; j < k; j++) x[j] = atb[j];
  for (int j = 0; j < k; j++) {
    int cj = j * (j + 1) / 2;
    for (int i = 0; i < j; i++) {
      int ci = i * (i + 1) / 2;
      double s = a[cj + i];
      for (int p = 0; p < i; p++) s -= a[ci + p] * a[cj + p];
      a[cj + i] = s / a[ci + i];
    }
    double dd = a[cj + j];
    for (int p = 0; p < j; p++) dd -= a[cj + p] * a[cj + p];
    if (!(dd > 0.0)) {  // not positive definite: NaN factors, which the host reports (the CPU throws here)
      for (int e = 0; e < k; e++) out[(size_t) r * k + e] = __longlong_as_double(0x7ff8000000000000LL);
      sse[r] = 0.0;
      return;
    }
    a[cj + j] = sqrt(dd);
  }
  for (int j = 0; j < k; j++) {
    int cj = j * (j + 1) / 2;
    double s = x[j];
    for (int p = 0; p < j; p++) s -= a[cj + p] * x[p];
    x[j] = s / a[cj + j];
  }
  for (int i = k - 1; i >= 0; i--) {
    double s = x[i];
    for (int j = i + 1; j < k; j++) s -= a[j * (j + 1) / 2 + i] * x[j];
    x[i] = s / a[i * (i + 1) / 2 + i];
  }
  for (int j = 0; j < k; j++) out[(size_t) r * k + j] = x[j];
  double err = 0.0;
  if (!implicit) {
    double xb = 0.0;
    for (int j = 0; j < k; j++) xb += x[j] * atb[j];
    double xax = 0.0;
    for (int j = 0, idx = 0; j < k; j++) {
      for (int i = 0; i < j; i++, idx++) xax += 2.0 * x[i] * ata[idx] * x[j];
      xax += x[j] * ata[idx++] * x[j];
    }
    err = java_max0(sum_squares - 2.0 * xb + xax);
  }
  sse[r] = err;
}

// SGD: one thread per selected example: margin m = c + v.x (8 FMA chains, as the CPU), g = dL/dm and L.
// loss: 0 logistic, 1 squared, 2 hinge (org.shardtrain.core.sgd.Loss).
__global__ void sgd_margins(const double* __restrict__ x, int n, int d, const int* __restrict__ rows, int count,
                            const double* __restrict__ v, double c, int loss, const double* __restrict__ labels,
                            double* __restrict__ g, double* __restrict__ loss_values) {
  int s = blockIdx.x * blockDim.x + threadIdx.x;
  if (s >= count) return;
  int r = rows ? rows[s] : s;
  const double* xr = x + (size_t) r * d;
  double ch[CHAINS] = {0, 0, 0, 0, 0, 0, 0, 0};
  for (int i = 0; i < d; i++) ch[i & 7] = fma(v[i], xr[i], ch[i & 7]);
  double m = c + sum_chains(ch);
  double label = labels[r];
  double sign = label > 0.0 ? 1.0 : -1.0;
  double gv, lv;
  if (loss == 0) {
    double sigmoid = m >= 0.0 ? 1.0 / (1.0 + exp(-m)) : exp(m) / (1.0 + exp(m));
    gv = sigmoid - (label > 0.0 ? 1.0 : 0.0);
    double z = -sign * m;
    lv = z > 0.0 ? z + log1p(exp(-z)) : log1p(exp(z));
  } else if (loss == 1) {
    gv = m - label;
    lv = 0.5 * (m - label) * (m - label);
  } else {
    gv = sign * m < 1.0 ? -sign : 0.0;
    lv = java_max0(1.0 - sign * m);
  }
  g[s] = gv;
  loss_values[s] = lv;
}

// SGD gradient statistics of one chunk of selected examples per block (the CPU's chunks), in example
// order: [n, sum L, sum g, sum g*x_0, ...] per chunk.
__global__ void sgd_partials(const double* __restrict__ x, int d, const int* __restrict__ rows, int count,
                             const double* __restrict__ g, const double* __restrict__ loss_values, int chunk,
                             double* __restrict__ parts) {
  int c = blockIdx.x;
  int from = c * chunk;
  int to = min(count, from + chunk);
  int width = 3 + d;
  for (int e = threadIdx.x; e < width; e += blockDim.x) {
    double s = 0.0;
    for (int q = from; q < to; q++) {
      if (e == 0) s += 1.0;
      else if (e == 1) s += loss_values[q];
      else if (e == 2) s += g[q];
      else s = fma(g[q], x[(size_t) (rows ? rows[q] : q) * d + (e - 3)], s);
    }
    parts[(size_t) c * width + e] = s;
  }
}

}  // extern "C"
