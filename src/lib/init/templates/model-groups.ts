/**
 * `configs/model/*.yaml`: the model config groups, hyper-parameters only (the model's name lives in
 * mlx.config.yaml, so switching groups never renames the model). Training settings (`train.lr`,
 * `train.epochs`) stay `auto`: each family's own defaults for its type.
 */
export function modelGroups(): Record<string, string> {
  return {
    'configs/model/mlp.yaml': [
      '# A multi-layer perceptron: the default. One hidden layer with weight decay suits small tables;',
      '# widen or deepen it (hidden: [128, 64]) for large ones.',
      'type: mlp',
      'hidden: [32]',
      'activation: relu',
      'dropout: 0',
      'l2: 0.01',
      '',
    ].join('\n'),
    'configs/model/linear.yaml': [
      '# Logistic regression (classification) or linear regression: `mlx train --set model=linear`.',
      'type: linear',
      'l2: 0.0001',
      '',
    ].join('\n'),
  };
}
