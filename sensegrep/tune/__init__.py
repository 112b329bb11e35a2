"""Training: ``sensegrep tune`` learns a sense projection from the labelled occurrences
of an index; ``sensegrep elmo train`` trains an ELMo biLM (elmo/).

data.py gathers the labelled occurrences and their sentences from storage and embeds
them with every hidden layer; train.py fits a scalar mix of those layers and a linear
map with a contrastive objective (same sense close, other senses of the same lemma far);
lora.py fine-tunes the encoder itself with low-rank adapters (``tune --adapter``).
"""
