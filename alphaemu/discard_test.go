package alphaemu

import "testing"

// TestDiscard checks MADV_DONTNEED's page work: written private pages read
// zero again and go back to demand-zero, shared ones keep their contents,
// and a range of untouched pages needs no stop of the CPUs (Memory.gen
// unchanged).
func TestDiscard(t *testing.T) {
	m := NewMemory()
	if err := m.MapLazy(dataBase, 4*PageSize, ProtRead|ProtWrite); err != nil {
		t.Fatal(err)
	}
	if err := m.WriteAt([]byte{7}, dataBase+PageSize); err != nil {
		t.Fatal(err)
	}
	if err := m.WriteAt([]byte{8}, dataBase+2*PageSize); err != nil {
		t.Fatal(err)
	}
	m.lookup(dataBase + 2*PageSize).perm.Or(uint32(protShared))
	gen := m.gen.Load()
	if err := m.Discard(dataBase+3*PageSize, PageSize); err != nil || m.gen.Load() != gen {
		t.Errorf("discarding an untouched page: %v, gen %d -> %d", err, gen, m.gen.Load())
	}
	if err := m.Discard(dataBase, 4*PageSize); err != nil {
		t.Fatal(err)
	}
	var b [1]byte
	for i, want := range []byte{0, 0, 8, 0} {
		if err := m.ReadAt(b[:], dataBase+uint64(i)*PageSize); err != nil || b[0] != want {
			t.Errorf("page %d reads %d (%v), want %d", i, b[0], err, want)
		}
	}
	if !m.lookup(dataBase+PageSize).lazy || m.lookup(dataBase+2*PageSize).lazy {
		t.Error("the written private page is not demand-zero again, or the shared one was dropped")
	}
	if prot, ok := m.Prot(dataBase + PageSize); !ok || prot != ProtRead|ProtWrite {
		t.Errorf("protection after discard: %v %v", prot, ok)
	}
}
