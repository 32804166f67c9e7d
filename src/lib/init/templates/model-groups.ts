/**
 * `configs/model/*.yaml`: the model config groups, hyper-parameters only (the model's name lives in
 * mlx.config.yaml, so switching groups never renames the model). Training settings (`train.lr`,
 * `train.epochs`) stay `auto`: each family's own defaults for its type.
 */
export function modelGroups(): Record<string, string> {
  return {
    'configs/model/mlp.yaml': [
      '# A multi-layer perceptron: the default. One hidden layer with weight decay (l2: auto = 0.01)',
      '# suits small tables; widen or deepen it (hidden: [128, 64]) for large ones.',
      'type: mlp',
      'hidden: [32]',
      'activation: relu',
      'dropout: 0',
      'l2: auto',
      '',
    ].join('\n'),
    'configs/model/linear.yaml': [
      '# Logistic regression (classification) or linear regression: `mlx train --set model=linear`.',
      "# l2: auto is scikit-learn's default penalty (LogisticRegression C=1, Ridge alpha=1) for the data size.",
      'type: linear',
      'l2: auto',
      '',
    ].join('\n'),
    'configs/model/gbdt.yaml': [
      "# Gradient-boosted trees (histogram GBDT, scikit-learn's HistGradientBoosting defaults):",
      '# `mlx train --set model=gbdt`. Inputs go in raw: missing values and categories are split natively.',
      'type: gbdt',
      'learning_rate: 0.1',
      'max_iter: 100',
      'max_leaf_nodes: 31',
      'max_depth: null',
      'min_samples_leaf: 20',
      'l2_regularization: 0',
      'max_bins: 255',
      'early_stopping: auto',
      'n_iter_no_change: 10',
      'tol: 1.0e-7',
      'threads: auto',
      '',
    ].join('\n'),
  };
}
