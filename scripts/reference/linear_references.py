#!/usr/bin/env python3
"""Reference optima for shardtrain's linear models, computed with NumPy/SciPy only (nothing of shardtrain).

Objective (the one shardtrain documents in LinearObjective): on features z (raw, or standardised with the
population standard deviation, constant features left as they are),
    F(w, b) = mean_i L(w.z_i + b, y_i) + l2/2 |w|^2 + l1 |w|_1,     b unpenalised,
L logistic with y in {0,1} (a label > 0 is positive).  The smooth problems are solved by SciPy's L-BFGS-B to
gradient 1e-12; the L1 problem as a bound-constrained smooth one (w = u - v, u, v >= 0), which makes the
zero pattern exact.  Multinomial (softmax) cases: K rows of weights and K unpenalised intercepts (reported
centred, as they are defined up to a common shift), standardised on the training rows (every row but each
fifth; each fifth row is the test set), letters A-Z as classes 0-25.  Usage: linear_references.py SHARED_DATA_DIR > data/references/linear.tsv
(one line per case and field: case, field, then the value or values, tab-separated, full precision)
"""
import json, sys
import numpy as np
from scipy.optimize import minimize
from scipy.special import expit, logsumexp

def libsvm(path, d=None):
    ys, rows = [], []
    for line in open(path):
        parts = line.split()
        if not parts: continue
        ys.append(float(parts[0]))
        rows.append([(int(t.split(':')[0]) - 1, float(t.split(':')[1])) for t in parts[1:]])
    d = d or max(j for r in rows for j, _ in r) + 1
    X = np.zeros((len(rows), d))
    for i, r in enumerate(rows):
        for j, v in r: X[i, j] = v
    return X, np.array(ys)

def standardise(X):
    mu = X.mean(axis=0)
    var = np.maximum(0, (X * X).mean(axis=0) - mu * mu)
    const = var <= 1e-24
    inv = np.where(const, 1.0, 1 / np.sqrt(np.where(const, 1, var)))
    mu = np.where(const, 0.0, mu)
    return (X - mu) * inv

def logistic(Z, y, l2, l1=0.0):
    t = (y > 0).astype(float)
    n, d = Z.shape
    def smooth(wb):
        w, b = wb[:d], wb[d]
        m = Z @ w + b
        loss = np.mean(np.logaddexp(0, m) - t * m)
        g = expit(m) - t
        return loss + 0.5 * l2 * w @ w, np.append(Z.T @ g / n + l2 * w, g.mean())
    if l1 == 0:
        r = minimize(smooth, np.zeros(d + 1), jac=True, method='L-BFGS-B',
                     options={'maxiter': 100000, 'gtol': 1e-12, 'ftol': 1e-16, 'maxcor': 30})
        return r.x[:d], r.x[d], r.fun
    def split(uvb):
        u, v, b = uvb[:d], uvb[d:2 * d], uvb[2 * d]
        f, g = smooth(np.append(u - v, b))
        return f + l1 * (u.sum() + v.sum()), np.concatenate([g[:d] + l1, -g[:d] + l1, [g[d]]])
    bounds = [(0, None)] * (2 * d) + [(None, None)]
    r = minimize(split, np.zeros(2 * d + 1), jac=True, method='L-BFGS-B', bounds=bounds,
                 options={'maxiter': 100000, 'gtol': 1e-12, 'ftol': 1e-16, 'maxcor': 30})
    w = r.x[:d] - r.x[d:2 * d]
    return w, r.x[2 * d], r.fun

def multinomial(Z, y, l2):
    """Softmax regression: mean(logsumexp(M) - M_y) + l2/2 |W|^2, M = Z W^T + b, intercepts unpenalised."""
    n, d = Z.shape
    K = int(y.max()) + 1
    T = np.eye(K)[y.astype(int)]
    def f(x):
        W, b = x[:K * d].reshape(K, d), x[K * d:]
        M = Z @ W.T + b
        lse = logsumexp(M, axis=1)
        P = np.exp(M - lse[:, None])
        G = (P - T) / n
        loss = np.mean(lse - np.sum(T * M, axis=1)) + 0.5 * l2 * np.sum(W * W)
        return loss, np.concatenate([(G.T @ Z + l2 * W).ravel(), G.sum(axis=0)])
    r = minimize(f, np.zeros(K * d + K), jac=True, method='L-BFGS-B',
                 options={'maxiter': 100000, 'gtol': 1e-12, 'ftol': 1e-16, 'maxcor': 30})
    return r.x[:K * d].reshape(K, d), r.x[K * d:], r.fun

def multinomial_case(name, X, y, l2):
    """Standardised on the training rows (every row but each fifth), tested on each fifth row."""
    test = np.arange(len(y)) % 5 == 0
    Z = standardise_with(X[~test], X)
    W, b, fun = multinomial(Z[~test], y[~test], l2)
    M = Z[test] @ W.T + b
    P = np.exp(M - logsumexp(M, axis=1)[:, None])
    yt = y[test].astype(int)
    return name, {'objective': float(fun), 'weights': W.ravel().tolist(), 'intercepts': (b - b.mean()).tolist(),
                  'l2': l2, 'test_accuracy': float(np.mean(P.argmax(axis=1) == yt)),
                  'test_log_loss': float(-np.mean(np.log(np.clip(P[np.arange(len(yt)), yt], 1e-15, 1))))}

def standardise_with(train, X):
    mu = train.mean(axis=0)
    var = np.maximum(0, (train * train).mean(axis=0) - mu * mu)
    const = var <= 1e-24
    inv = np.where(const, 1.0, 1 / np.sqrt(np.where(const, 1, var)))
    return (X - np.where(const, 0.0, mu)) * inv

def test_metrics(X, y, w, b):
    p = np.clip(expit(X @ w + b), 1e-15, 1 - 1e-15)
    t = y > 0
    return float(np.mean((p > 0.5) == t)), float(-np.mean(np.where(t, np.log(p), np.log(1 - p))))

def case(name, Z, y, l2, l1, test=None):
    w, b, f = logistic(Z, y, l2, l1)
    out = {'objective': float(f), 'weights': w.tolist(), 'intercept': float(b),
           'nonzero': int(np.sum(w != 0)), 'l2': l2, 'l1': l1}
    if test is not None:
        out['test_accuracy'], out['test_log_loss'] = test_metrics(test[0], test[1], w, b)
    return name, out

if __name__ == '__main__':
    root = sys.argv[1]
    Xa, ya = libsvm(root + '/a9a/a9a', 123)
    Xt, yt = libsvm(root + '/a9a/a9a.t', 123)
    Xb, yb = libsvm(root + '/breast-cancer-wisconsin/data.libsvm')
    results = dict([
        case('a9a-logistic-unregularised', Xa, ya, 0.0, 0.0, (Xt, yt)),
        case('a9a-logistic-l2-1e-3', Xa, ya, 1e-3, 0.0, (Xt, yt)),
        case('a9a-logistic-l1-1e-3', Xa, ya, 0.0, 1e-3, (Xt, yt)),
        case('breast-cancer-logistic-standardised-l2-1e-2', standardise(Xb), yb, 1e-2, 0.0),
    ])
    Xd = np.loadtxt(root + '/digits/points.csv', delimiter=',')
    yd = np.loadtxt(root + '/digits/labels.txt')
    Xl = np.loadtxt(root + '/letter-recognition/points.csv', delimiter=',')
    yl = np.array([ord(c.strip()) - ord('A') for c in open(root + '/letter-recognition/labels.txt')], dtype=float)
    results.update(dict([
        multinomial_case('digits-multinomial-standardised-l2-1e-2', Xd, yd, 1e-2),
        multinomial_case('letters-multinomial-standardised-l2-1e-3', Xl, yl, 1e-3),
    ]))
    print('# generated by scripts/reference/linear_references.py (NumPy %s, SciPy %s)'
          % (np.__version__, __import__('scipy').__version__))
    for name, fields in results.items():
        for field, value in fields.items():
            values = value if isinstance(value, list) else [value]
            print('\t'.join([name, field] + [repr(float(v)) for v in values]))
